using Deliberate.Server.Configuration;
using Deliberate.Server.Storage;

namespace Deliberate.Server.Auth;

/// <summary>
/// Whether a request needs a key. <c>on</c>: always. <c>off</c>: never (refused at start-up off loopback).
/// <c>auto</c> (default): on a non-loopback address always; on loopback once any active key exists — so a fresh
/// local install works with no key, and creating the first key (even while serving) locks it down.
/// </summary>
public sealed class AuthPolicy(AuthMode mode, bool loopback, ApiKeyStore store)
{
    public bool Required() => mode switch
    {
        AuthMode.On => true,
        AuthMode.Off => false,
        _ => !loopback || store.AnyActive(),
    };

    /// <summary>Throws when auth is switched off on an address other machines can reach.</summary>
    public static void EnsureSafe(AuthMode mode, bool loopback, string listen)
    {
        if (mode == AuthMode.Off && !loopback)
        {
            throw new InvalidOperationException($"refusing to serve {listen} without API keys: --no-auth is only allowed on a loopback address (127.0.0.1, ::1, localhost)");
        }
    }
}
