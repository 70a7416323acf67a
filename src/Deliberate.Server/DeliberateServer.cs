using System.Net;
using Deliberate.Engine.Gguf;
using Deliberate.Engine.Moderation;
using Deliberate.Server.Auth;
using Deliberate.Server.Backend;
using Deliberate.Server.Chat;
using Deliberate.Server.Configuration;
using Deliberate.Server.Endpoints;
using Deliberate.Server.Errors;
using Deliberate.Server.Metrics;
using Deliberate.Server.Moderation;
using Deliberate.Server.Scheduling;
using Deliberate.Server.Storage;

namespace Deliberate.Server;

/// <summary>
/// Builds the Kestrel app: middleware order is request metrics → error envelope → API keys → endpoints.
/// Models load in the background after start (so <c>/health</c> answers at once and <c>/ready</c> says when).
/// </summary>
public sealed class DeliberateServer : IAsyncDisposable
{
    private readonly EngineChatBackend _backend;

    private DeliberateServer(WebApplication app, EngineChatBackend backend, ServerOptions options)
    {
        App = app;
        _backend = backend;
        Options = options;
    }

    public WebApplication App { get; }
    public ServerOptions Options { get; }
    public IChatBackend Backend => _backend;

    /// <summary>The bound addresses once started (port 0 resolved).</summary>
    public IReadOnlyList<string> Addresses => App.Urls.ToList();

    public static DeliberateServer Create(ServerOptions options, Action<ILoggingBuilder>? logging = null)
    {
        var loopback = IsLoopback(options.Listen);
        AuthPolicy.EnsureSafe(options.Auth, loopback, options.Listen);
        if (options.Models.Count == 0)
        {
            var path = BuiltinModels.Locate() ?? throw new FileNotFoundException("no model configured and no .gguf file in models/; pass --model FILE or a config file");
            options.Models.Add(BuiltinModels.Default(path));
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Listen);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
        });
        builder.Logging.ClearProviders();
        if (logging is null)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        }
        else
        {
            logging(builder.Logging);
        }

        var classifier = LoadModeration(options);
        var metrics = new ServerMetrics();
        var store = new ApiKeyStore(DataDirectory.Resolve(options));
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var catalog = new ModelCatalog(options.Models, created);
        var backend = new EngineChatBackend(metrics);
        builder.Services.AddSingleton(new AuthPolicy(options.Auth, loopback, store));
        builder.Services.AddSingleton(store);

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            finally
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
                metrics.CountRequest(route, context.Response.StatusCode);
            }
        });
        // OpenAI sends x-request-id on every response and its SDKs surface it (openai-node's requestID / _request_id),
        // so a user can quote it; ours ties a client-side report to the server's logs the same way.
        app.Use((context, next) =>
        {
            context.Response.Headers["x-request-id"] = "req_" + Guid.NewGuid().ToString("N");
            return next(context);
        });
        app.UseMiddleware<ErrorEnvelopeMiddleware>();
        app.UseMiddleware<ApiKeyMiddleware>();
        HealthEndpoints.Map(app, backend, metrics);
        ModelsEndpoints.Map(app, catalog, classifier is not null, created);
        ModerationsEndpoint.Map(app, classifier);
        var moderation = classifier is not null && (options.ModerateInput || options.ModerateOutput)
            ? new ChatModeration(classifier, options.ModerateInput, options.ModerateOutput, metrics, app.Services.GetRequiredService<ILogger<ChatModeration>>())
            : null;
        ChatCompletionsEndpoint.Map(app, new ChatRequestValidator(catalog, options), backend,
            new AdmissionQueue(options.MaxActiveSequences, options.MaxQueuedRequests, metrics), moderation);

        var server = new DeliberateServer(app, backend, options);
        app.Lifetime.ApplicationStarted.Register(() => Task.Run(() =>
        {
            try
            {
                backend.Load(options.Models, options.Threads, options.MaxActiveSequences);
            }
            catch (Exception e)
            {
                app.Logger.LogError(e, "loading the models failed; /ready stays 503");
            }
        }));
        return server;
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => App.StartAsync(cancellationToken);

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => App.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _backend.Dispose();
    }

    /// <summary>
    /// The configured classifier (a missing or bad file stops the start), else the built-in one when it is there, else
    /// none: then <c>/v1/moderations</c> knows no model, and chat moderation, which needs one, stops the start.
    /// </summary>
    private static ModerationClassifier? LoadModeration(ServerOptions options)
    {
        var path = options.ModerationModel ?? BuiltinModels.LocateModeration();
        if (path is null)
        {
            return options.ModerateInput || options.ModerateOutput
                ? throw new FileNotFoundException($"moderateInput and moderateOutput need the moderation classifier, and models/{BuiltinModels.ModerationFile} is missing; set moderationModel")
                : null;
        }

        try
        {
            return ModerationClassifier.Load(path);
        }
        catch (GgufFormatException e)
        {
            throw new InvalidDataException(e.Message, e); // the message starts with the file's path
        }
    }

    /// <summary>127.0.0.0/8, ::1 and <c>localhost</c> count as loopback; anything else (0.0.0.0, a LAN address, <c>*</c>) does not.</summary>
    public static bool IsLoopback(string listen)
    {
        foreach (var url in listen.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            {
                return false;
            }

            var host = uri.Host.Trim('[', ']');
            if (!(host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip))))
            {
                return false;
            }
        }

        return true;
    }
}
