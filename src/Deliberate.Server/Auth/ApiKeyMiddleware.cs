using Deliberate.Server.Errors;
using Deliberate.Server.Storage;

namespace Deliberate.Server.Auth;

/// <summary>Requires <c>Authorization: Bearer dlb-…</c> on <c>/v1/*</c> when <see cref="AuthPolicy"/> says so.</summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, AuthPolicy policy, ApiKeyStore store)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/v1") || !policy.Required(context.Request))
        {
            return next(context);
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            throw ApiException.InvalidApiKey("You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
        }

        const string bearer = "Bearer ";
        var key = header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) ? header[bearer.Length..].Trim() : "";
        if (!store.Verify(key))
        {
            throw ApiException.InvalidApiKey("Incorrect API key provided. You can create keys with `deliberate keys create`.");
        }

        return next(context);
    }
}
