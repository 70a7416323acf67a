namespace Deliberate.Server.Auth;

/// <summary>
/// Who made a <c>/v1</c> request, as stored data records its owner: the id of the API key it carried, or
/// <see cref="Local"/> when the request needed no key (auth off, or <c>auto</c> before the first key). Set by
/// <see cref="ApiKeyMiddleware"/> for every <c>/v1</c> request.
/// </summary>
public static class ApiCaller
{
    public const string Local = "local";

    private static readonly object ItemKey = new();

    public static void Set(HttpContext context, string owner) => context.Items[ItemKey] = owner;

    /// <summary>The request's owner; a request the key check never saw has none, and asking is a bug (it fails closed).</summary>
    public static string Of(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var owner) && owner is string id
            ? id
            : throw new InvalidOperationException($"{context.Request.Path} was not seen by {nameof(ApiKeyMiddleware)}, so it has no owner");
}
