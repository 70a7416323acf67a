using System.Diagnostics.Metrics;
using System.Net;
using Deliberate.Engine.Gguf;
using Deliberate.Engine.Moderation;
using Deliberate.Server.Auth;
using Deliberate.Server.Backend;
using Deliberate.Server.Batches;
using Deliberate.Server.Chat;
using Deliberate.Server.Configuration;
using Deliberate.Server.Endpoints;
using Deliberate.Server.Errors;
using Deliberate.Server.Moderation;
using Deliberate.Server.Storage;
using Deliberate.Server.Storage.Files;
using Deliberate.Server.Telemetry;

namespace Deliberate.Server;

/// <summary>
/// Builds the Kestrel app: middleware order is request telemetry (id, metrics, log line) → error envelope → API keys → endpoints.
/// Storage (the database, migrated, and the files directory) opens in <see cref="Create"/>; docs/storage.md.
/// Models load in the background after start (so <c>/health</c> answers at once and <c>/ready</c> says when).
/// </summary>
public sealed class DeliberateServer : IAsyncDisposable
{
    private readonly EngineChatBackend _backend;
    private readonly FileStore _files;
    private readonly BatchRunner _batches;

    private DeliberateServer(WebApplication app, EngineChatBackend backend, FileStore files, BatchRunner batches, ServerOptions options)
    {
        _batches = batches;
        App = app;
        _backend = backend;
        _files = files;
        Options = options;
    }

    public WebApplication App { get; }
    public ServerOptions Options { get; }
    public IChatBackend Backend => _backend;

    /// <summary>The bound addresses once started (port 0 resolved).</summary>
    public IReadOnlyList<string> Addresses => App.Urls.ToList();

    /// <param name="options">The settings (<see cref="ServerOptionsLoader"/> builds them for <c>deliberate serve</c>).</param>
    /// <param name="logging">Replaces the console logging the options ask for (tests collect the lines instead).</param>
    /// <param name="clock">The time batches are created, expire and end by (tests move it); default the system's.</param>
    public static DeliberateServer Create(ServerOptions options, Action<ILoggingBuilder>? logging = null, TimeProvider? clock = null)
    {
        var loopback = IsLoopback(options.Listen);
        AuthPolicy.EnsureSafe(options.Auth, loopback, options.Listen);
        if (options.Models.Count == 0)
        {
            var path = BuiltinModels.Locate() ?? throw new FileNotFoundException("no model configured and no .gguf file in models/; pass --model FILE or a config file");
            options.Models.Add(BuiltinModels.Default(path));
        }

        var builder = WebApplication.CreateSlimBuilder();
        // The settings came through ServerOptionsLoader, checked; the host's own sources (an appsettings.json in the
        // working directory, ASPNETCORE_* variables) would be a second, unchecked configuration. OTEL_* stay: they
        // are OpenTelemetry's standard settings.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(OpenTelemetryVariables());
        builder.WebHost.UseUrls(options.Listen);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
            k.ConfigureEndpointDefaults(listen => listen.UseErrorEnvelopes());
        });
        ConfigureLogging(builder.Logging, options, logging);
        builder.AddTelemetry(options);

        var classifier = LoadModeration(options);
        var dataDirectory = DataDirectory.Resolve(options);
        builder.Services.AddSingleton(services => Database.Open(dataDirectory, options.Database, services.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddSingleton(services => new FileStore(services.GetRequiredService<Database>(), dataDirectory, services.GetRequiredService<ILogger<FileStore>>()));
        builder.Services.AddSingleton(services => new AuthPolicy(options.Auth, loopback, services.GetRequiredService<ApiKeyStore>()));
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var catalog = new ModelCatalog(options.Models, created);

        var app = builder.Build();
        FileStore files;
        try
        {
            // Opened now, not on first use: a database that cannot be reached or migrated stops the start.
            files = app.Services.GetRequiredService<FileStore>();
        }
        catch
        {
            ((IDisposable)app).Dispose();
            throw;
        }

        var backend = new EngineChatBackend(app.Services.GetRequiredService<ILogger<EngineChatBackend>>());
        // The gauges read the schedulers' own counts: admission happens there, once.
        var metrics = new ServerMetrics(app.Services.GetRequiredService<IMeterFactory>(), () => backend.QueuedRequests, () => backend.ActiveSequences);
        app.UseMiddleware<RequestTelemetryMiddleware>(metrics);
        app.UseMiddleware<ErrorEnvelopeMiddleware>();
        app.UseMiddleware<ApiKeyMiddleware>();
        HealthEndpoints.Map(app, backend);
        app.MapMetrics();
        ModelsEndpoints.Map(app, catalog, classifier is not null, created);
        ModerationsEndpoint.Map(app, classifier);
        var moderation = classifier is not null && (options.ModerateInput || options.ModerateOutput)
            ? new ChatModeration(classifier, options.ModerateInput, options.ModerateOutput, metrics, app.Services.GetRequiredService<ILogger<ChatModeration>>())
            : null;
        var chat = new ChatCompletionPipeline(new ChatRequestValidator(catalog, options), backend, moderation);
        ChatCompletionsEndpoint.Map(app, chat, metrics);
        FilesEndpoints.Map(app, files, options.MaxFileBytes);
        var time = clock ?? TimeProvider.System;
        var batches = new BatchStore(app.Services.GetRequiredService<Database>());
        var runner = new BatchRunner(batches, files, new BatchRequestRunner(chat, metrics, time, app.Services.GetRequiredService<ILogger<BatchRequestRunner>>()),
            new BatchResultFiles(batches, files), backend, options, time, app.Services.GetRequiredService<ILogger<BatchRunner>>());
        BatchesEndpoints.Map(app, batches, files, runner, time);

        var server = new DeliberateServer(app, backend, files, runner, options);
        var logger = app.Services.GetRequiredService<ILogger<DeliberateServer>>();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = string.Join(", ", server.Addresses);
            ServerLog.Serving(logger, string.Join(", ", options.Models.Select(m => m.Id)), addresses);
            Task.Run(() =>
            {
                try
                {
                    backend.Load(options.Models, options);
                }
                catch (Exception e)
                {
                    ServerLog.ModelLoadFailed(logger, e);
                }
            });
        });
        return server;
    }

    private static void ConfigureLogging(ILoggingBuilder logging, ServerOptions options, Action<ILoggingBuilder>? replace)
    {
        logging.ClearProviders();
        if (replace is not null)
        {
            replace(logging);
        }
        else if (options.LogFormat == LogFormat.Json)
        {
            logging.AddJsonConsole(o => (o.UseUtcTimestamp, o.TimestampFormat) = (true, "yyyy-MM-ddTHH:mm:ss.fffZ"));
        }
        else
        {
            logging.AddSimpleConsole(o => (o.SingleLine, o.UseUtcTimestamp, o.TimestampFormat) = (true, true, "yyyy-MM-ddTHH:mm:ss.fffZ "));
        }

        logging.SetMinimumLevel(options.LogLevel);
        // ASP.NET Core's own information lines (one per request start and end) repeat ours; they return at debug.
        logging.AddFilter("Microsoft", options.LogLevel >= LogLevel.Information ? (LogLevel)Math.Max((int)LogLevel.Warning, (int)options.LogLevel) : options.LogLevel);
    }

    /// <summary>The start-up warning whenever some requests will be served without a key.</summary>
    private static async Task WarnWithoutKeysAsync(ILogger logger, AuthPolicy policy, string addresses)
    {
        if (policy.Mode == AuthMode.Off)
        {
            ServerLog.ServingWithAuthOff(logger, addresses);
        }
        else if (!await policy.RequiredForLocalRequestsAsync())
        {
            ServerLog.ServingBeforeFirstKey(logger, addresses);
        }
    }

    private static IEnumerable<KeyValuePair<string, string?>> OpenTelemetryVariables() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Where(e => e.Key is string name && name.StartsWith("OTEL_", StringComparison.Ordinal))
            .Select(e => new KeyValuePair<string, string?>((string)e.Key, e.Value as string));

    /// <summary>Reconciles stored files with their rows (a crash's leftovers), then listens.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _files.ReconcileAsync(cancellationToken);
        await App.StartAsync(cancellationToken);
        // The batch runner resumes open batches once the models are loaded; it stops first on shutdown, so its requests
        // in flight end (uncommitted, to run again at the next start) before the models go.
        await _batches.StartAsync(cancellationToken);
        App.Lifetime.ApplicationStopping.Register(() => _ = _batches.StopAsync(CancellationToken.None));
        await WarnWithoutKeysAsync(App.Services.GetRequiredService<ILogger<DeliberateServer>>(), App.Services.GetRequiredService<AuthPolicy>(), string.Join(", ", Addresses));
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => App.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _batches.StopAsync(CancellationToken.None);
        _batches.Dispose();
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
