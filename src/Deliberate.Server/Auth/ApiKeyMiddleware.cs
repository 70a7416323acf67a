using Deliberate.Server.Errors;
using Deliberate.Server.Storage;

namespace Deliberate.Server.Auth;

/// <summary>
/// Requires <c>Authorization: Bearer dlb-…</c> on <c>/v1/*</c> when <see cref="AuthPolicy"/> says so, and records the
/// request's owner (<see cref="ApiCaller"/>): the key's id, or <see cref="ApiCaller.Local"/> when no key was needed.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, AuthPolicy policy, ApiKeyStore store)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/v1"))
        {
            await next(context);
            return;
        }

        if (!await policy.RequiredAsync(context.Request))
        {
            ApiCaller.Set(context, ApiCaller.Local);
            await next(context);
            return;
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            throw ApiException.InvalidApiKey("You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
        }

        const string bearer = "Bearer ";
        var key = header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) ? header[bearer.Length..].Trim() : "";
        var id = await store.FindActiveAsync(key, context.RequestAborted)
            ?? throw ApiException.InvalidApiKey("Incorrect API key provided. You can create keys with `deliberate keys create`.");
        ApiCaller.Set(context, id);
        await next(context);
    }
}
