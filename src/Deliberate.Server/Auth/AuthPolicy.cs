using System.Net;
using Deliberate.Server.Configuration;
using Deliberate.Server.Storage;

namespace Deliberate.Server.Auth;

/// <summary>
/// Whether a request needs a key. <c>on</c>: always. <c>off</c>: never (refused at start-up off loopback).
/// <c>auto</c> (default): a request needs no key only while all of these hold — the server listens on loopback only,
/// no key was ever created in its store, the request comes from a loopback address, and it carries no proxy header.
/// So a fresh local install works with no key, and the first <c>keys create</c> (even while serving) locks it down.
/// </summary>
/// <remarks>
/// "Ever created", not "active": revoking the last key must not turn "revoke the leaked key" into "open the API";
/// only the operator's explicit <c>auth: off</c> does that. Proxy headers: a reverse proxy on the same host connects
/// from loopback on behalf of clients anywhere, so a forwarded request is never local.
/// </remarks>
public sealed class AuthPolicy(AuthMode mode, bool loopback, ApiKeyStore store)
{
    // Once a key exists the answer never changes back, so the store is asked only until then.
    private volatile bool _keyCreated;

    public AuthMode Mode => mode;

    public async ValueTask<bool> RequiredAsync(HttpRequest request) => mode switch
    {
        AuthMode.On => true,
        AuthMode.Off => false,
        _ => !IsLoopback(request.HttpContext.Connection.RemoteIpAddress) || ProxyHeaders.Present(request.Headers) || await RequiredForLocalRequestsAsync(),
    };

    /// <summary>Whether a direct request from this machine needs a key (a forwarded or remote one may still need one).</summary>
    public async ValueTask<bool> RequiredForLocalRequestsAsync() => mode switch
    {
        AuthMode.On => true,
        AuthMode.Off => false,
        _ => !loopback || await KeyCreatedAsync(),
    };

    /// <summary>Throws when auth is switched off on an address other machines can reach.</summary>
    public static void EnsureSafe(AuthMode mode, bool loopback, string listen)
    {
        if (mode == AuthMode.Off && !loopback)
        {
            throw new InvalidOperationException($"refusing to serve {listen} without API keys: --no-auth is only allowed on a loopback address (127.0.0.1, ::1, localhost)");
        }
    }

    private async ValueTask<bool> KeyCreatedAsync() => _keyCreated || (_keyCreated = await store.AnyCreatedAsync());

    private static bool IsLoopback(IPAddress? remote) => remote is not null && IPAddress.IsLoopback(remote);
}
