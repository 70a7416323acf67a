namespace Deliberate.Engine.Models;

/// <summary>Context-extension scheme from <c>{arch}.rope.scaling.type</c>; llama3 is detected by the <c>rope_freqs</c> tensor.</summary>
public enum RopeScalingType
{
    None,
    Linear,
    Yarn,
}
