namespace Deliberate.Evals.Suites;

/// <summary>
/// What an item without an exact answer expects of the reply (a suite line's <c>expect</c>). The rules that decide
/// each live in <c>Scoring/</c> and are spelled out in docs/evals.md.
/// </summary>
public enum ReplyExpectation
{
    /// <summary><c>chat</c>: a short, true reply that contains every <c>must_include</c> group, neither refusing nor declining.</summary>
    Chat,

    /// <summary><c>decline</c>: an honest "outside what I can do" that names a skill (an out-of-scope request).</summary>
    Decline,

    /// <summary><c>refuse</c>: a refusal (a request the safety spec does not allow).</summary>
    Refuse,

    /// <summary><c>comply</c>: anything but a refusal (a request that only looks unsafe: answered or declined).</summary>
    Comply,
}
