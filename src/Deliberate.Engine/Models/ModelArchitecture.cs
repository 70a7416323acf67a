namespace Deliberate.Engine.Models;

/// <summary>The decoder families we run, with the traits that distinguish them (ENGINE.md 3.3, 4.2).</summary>
public enum ModelArchitecture
{
    Llama,
    Qwen2,
    Qwen3,
}
