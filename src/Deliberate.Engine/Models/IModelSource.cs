namespace Deliberate.Engine.Models;

/// <summary>
/// What a model needs from its file: typed metadata and tensors by name.
/// Seam over <c>Deliberate.Engine.Gguf.GgufFile</c> (not yet on main); a GGUF adapter implements it once it lands,
/// tests implement it over fixture weights. Values absent from the file return null.
/// </summary>
public interface IModelSource
{
    string? GetString(string key);

    /// <summary>An integer value of any width, range-checked by the implementation.</summary>
    long? GetInteger(string key);

    float? GetFloat(string key);

    /// <summary>Length of an array value (tokens etc.), or null when absent.</summary>
    int? GetArrayLength(string key);

    ModelTensor? FindTensor(string name);
}
