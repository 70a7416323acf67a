using Deliberate.Engine.Gguf;

namespace Deliberate.Engine.Models;

/// <summary>Adapts a mapped <see cref="GgufFile"/> to what the model binder needs. The file must outlive the model.</summary>
public sealed unsafe class GgufModelSource(GgufFile file) : IModelSource
{
    public GgufFile File { get; } = file;

    public string? GetString(string key) => File.Metadata.TryGetString(key);

    public long? GetInteger(string key) =>
        File.Metadata.TryGetValue(key, out var value)
            ? value.AsInteger() ?? throw new ModelFormatException(key, $"expected an integer, found {value.Type}")
            : null;

    public float? GetFloat(string key) => File.Metadata.TryGetFloat32(key);

    public int? GetArrayLength(string key) => File.Metadata.TryGetValue(key, out var value) ? value.Count : null;

    public ModelTensor? FindTensor(string name) =>
        File.FindTensor(name) is { } info ? new ModelTensor(info.Name, info.Dimensions, info.Type, File.GetTensorPointer(info)) : null;
}
