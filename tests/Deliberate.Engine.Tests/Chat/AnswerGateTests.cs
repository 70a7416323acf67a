using Deliberate.Engine.Chat;

namespace Deliberate.Engine.Tests.Chat;

/// <summary>
/// The lazy gate of <c>tool_choice: auto</c> step by step: free text, the trigger, the forced prefix, the grammar, the
/// forced suffix, free again. It runs on every token of every request that declares tools, so its per-token calls
/// allocate nothing in the free text around the calls.
/// </summary>
public sealed class AnswerGateTests : IDisposable
{
    private readonly TinyChatModel _tiny = new();

    public void Dispose() => _tiny.Dispose();

    [Fact]
    public void ALazyGateAllocatesNothingPerTokenWhileTheAnswerIsFree()
    {
        var model = _tiny.Model;
        var constraint = OutputConstraints.OptionalToolCalls([new ToolSignature("add", """{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]}""")]);
        var gate = new AnswerGate(constraint, model.Constraints, model.Tokenizer, model.ThinkOpenId, startsInReasoning: false);
        var text = model.Tokenizer.Encode("The sum of two and three is five, as anyone can check.", addSpecial: false, parseSpecial: false);
        var bits = new ulong[(model.Tokenizer.VocabSize + 63) / 64];
        var forced = new List<int>();
        Step(gate, text[0], bits, forced); // warm up (JIT)

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var token in text)
        {
            Step(gate, token, bits, forced);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ALazyGateHoldsTheCallItTriggersAndFreesTheAnswerAfterIt()
    {
        var model = _tiny.Model;
        var constraint = OutputConstraints.OptionalToolCalls([new ToolSignature("add", """{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]}""")]);
        var gate = new AnswerGate(constraint, model.Constraints, model.Tokenizer, model.ThinkOpenId, startsInReasoning: false);
        var bits = new ulong[(model.Tokenizer.VocabSize + 63) / 64];
        var forced = new List<int>();
        var trigger = model.Tokenizer.FindToken(OutputConstraints.ToolCallOpen)!.Value;
        for (var call = 0; call < 2; call++)
        {
            // Free: everything allowed, nothing forced.
            Array.Clear(bits);
            gate.FillMask(bits);
            Assert.All(bits, word => Assert.Equal(ulong.MaxValue, word));
            Assert.False(gate.TakeForced(forced));

            // The trigger forces the rest of the prefix (the newline), then the grammar holds the value.
            gate.OnCommitted(trigger, inReasoning: false);
            Assert.True(gate.TakeForced(forced));
            Assert.Equal(model.Tokenizer.Encode("\n", addSpecial: false, parseSpecial: false), forced);
            foreach (var token in forced.ToArray())
            {
                gate.OnCommitted(token, inReasoning: false);
            }

            Array.Clear(bits);
            gate.FillMask(bits);
            Assert.False(Allowed(bits, trigger));
            foreach (var token in model.Tokenizer.Encode("""{"name": "add", "arguments": {"a": 5}}""", addSpecial: false, parseSpecial: false))
            {
                Assert.True(Allowed(bits, token) || Bridged(token), $"token {token} masked");
                gate.OnCommitted(token, inReasoning: false);
                Array.Clear(bits);
                gate.FillMask(bits);
            }

            // The suffix is forced, and after it the answer is free again (the choice does not end).
            Assert.True(gate.TakeForced(forced));
            Assert.Equal("\n</tool_call>", model.Tokenizer.Decode([.. forced]));
            foreach (var token in forced.ToArray())
            {
                gate.OnCommitted(token, inReasoning: false);
            }

            Assert.False(gate.Finished);
        }

        bool Bridged(int token) => model.Constraints.BridgesInto(constraint.Suffix).Any(b => b.Id == token);
    }

    [Fact]
    public void AGateInsideAStringAllocatesNothingPerTokenWhileItWatchesTheRoom()
    {
        var model = _tiny.Model;
        var constraint = OutputConstraints.JsonSchema(
            """{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["name","age"],"additionalProperties":false}""", strict: true);
        var gate = new AnswerGate(constraint, model.Constraints, model.Tokenizer, model.ThinkOpenId, startsInReasoning: false);
        var bits = new ulong[(model.Tokenizer.VocabSize + 63) / 64];
        var forced = new List<int>();
        foreach (var token in model.Tokenizer.Encode("{\"name\": \"", addSpecial: false, parseSpecial: false))
        {
            StepWithRoom(gate, token, bits, forced, room: 1000);
        }

        // Far from the end the room is compared with a byte count; near it (room 9 here, against the closing's ten
        // bytes) the closing is cut into tokens at every step. Neither allocates once warm.
        var text = model.Tokenizer.Encode("the quick brown fox jumps over the lazy dog", addSpecial: false, parseSpecial: false);
        // Only the room checks are measured: the matcher's history of accepted tokens grows (by doubling) on its own.
        foreach (var room in new[] { 1000, 9 })
        {
            StepWithRoom(gate, text[0], bits, forced, room); // warm up (JIT, first use of each path)
            var allocated = 0L;
            foreach (var token in text)
            {
                allocated += StepWithRoom(gate, token, bits, forced, room);
            }

            Assert.True(allocated == 0, $"room {room}: {allocated} bytes");
        }
    }

    /// <summary>One step with the room checks the choice makes; returns what those checks allocated.</summary>
    private static long StepWithRoom(AnswerGate gate, int token, ulong[] bits, List<int> forced, int room)
    {
        Array.Clear(bits);
        gate.FillMask(bits);
        Assert.True(Allowed(bits, token), $"token {token} masked");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var forcedNow = gate.TakeForced(forced, room);
        var closes = gate.ClosesInsteadOf(token, room, forced);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.False(forcedNow);
        Assert.False(closes);
        gate.OnCommitted(token, inReasoning: false);
        return allocated;
    }

    private static void Step(AnswerGate gate, int token, ulong[] bits, List<int> forced)
    {
        Array.Clear(bits);
        gate.FillMask(bits);
        gate.TakeForced(forced);
        gate.OnCommitted(token, inReasoning: false);
    }

    private static bool Allowed(ulong[] bits, int id) => (bits[id >> 6] & (1UL << (id & 63))) != 0;
}
