namespace Deliberate.Engine.Models;

/// <summary>
/// Opt-in observer of intermediate activations (for tests against reference implementations), called once per
/// batch row. Names: attn_norm, q_rope, k_rope, v, kqv_out, attn_out, ffn_inp, ffn_norm, ffn_out, l_out,
/// result_norm. <paramref name="layer"/> is -1 for the output head.
/// </summary>
public delegate void ActivationHook(string name, int layer, int row, ReadOnlySpan<float> values);
