using System.Runtime.InteropServices;
using System.Text.Json;
using Deliberate.Engine.Models;
using Deliberate.Engine.Tensors;

namespace Deliberate.Engine.Tests.Models;

/// <summary>
/// Test-only <see cref="IModelSource"/> over the PyTorch fixture (weights as GGUF-layout f32 in &lt;arch&gt;.bin plus a JSON
/// index), optionally re-encoding matrices to F16/BF16 to exercise those paths. Not a GGUF reader.
/// </summary>
internal sealed unsafe class FixtureModelSource : IModelSource, IDisposable
{
    private readonly Dictionary<string, JsonElement> _metadata = [];
    private readonly Dictionary<string, ModelTensor> _tensors = [];
    private readonly List<nint> _allocations = [];

    public FixtureModelSource(string arch, GgmlType matrixType = GgmlType.F32, Action<Dictionary<string, JsonElement>>? editMetadata = null)
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "Fixtures", "models");
        Document = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, arch + ".json")));
        byte[] blob = File.ReadAllBytes(Path.Combine(dir, arch + ".bin"));
        foreach (var kv in Document.RootElement.GetProperty("metadata").EnumerateObject())
            _metadata[kv.Name] = kv.Value;
        editMetadata?.Invoke(_metadata);
        foreach (var t in Document.RootElement.GetProperty("tensors").EnumerateArray())
        {
            string name = t.GetProperty("name").GetString()!;
            long[] dims = t.GetProperty("dims").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            int count = (int)dims.Aggregate(1L, (a, b) => a * b);
            var values = MemoryMarshal.Cast<byte, float>(blob.AsSpan(t.GetProperty("offset").GetInt32(), count * 4));
            var type = dims.Length == 2 ? matrixType : GgmlType.F32;
            _tensors[name] = new ModelTensor(name, dims, type, Encode(values, type));
        }
    }

    public JsonDocument Document { get; }

    public int[] Tokens => Document.RootElement.GetProperty("tokens").EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public float[][] Rows(JsonElement element) =>
        element.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();

    public float[][] Logits => Rows(Document.RootElement.GetProperty("logits"));

    public float[][] Layer0(string name) => Rows(Document.RootElement.GetProperty("layer0").GetProperty(name));

    public void RemoveTensor(string name) => _tensors.Remove(name);

    public void ReplaceTensor(string name, long[] dims)
    {
        var t = _tensors[name];
        _tensors[name] = new ModelTensor(name, dims, t.Type, t.Data);
    }

    public string? GetString(string key) => _metadata.TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public long? GetInteger(string key) => _metadata.TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long l) ? l : null;

    public float? GetFloat(string key) => _metadata.TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetSingle() : null;

    public int? GetArrayLength(string key) => null;

    public ModelTensor? FindTensor(string name) => _tensors.GetValueOrDefault(name);

    private byte* Encode(ReadOnlySpan<float> values, GgmlType type)
    {
        int bytes = type == GgmlType.F32 ? values.Length * 4 : values.Length * 2;
        byte* p = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, 64);
        _allocations.Add((nint)p);
        for (int i = 0; i < values.Length; i++)
        {
            switch (type)
            {
                case GgmlType.F32:
                    ((float*)p)[i] = values[i];
                    break;
                case GgmlType.F16:
                    ((Half*)p)[i] = (Half)values[i];
                    break;
                case GgmlType.BF16:
                    // round to nearest even, as ggml's fp32->bf16
                    uint bits = BitConverter.SingleToUInt32Bits(values[i]);
                    ((ushort*)p)[i] = (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
                    break;
                default:
                    throw new NotSupportedException(type.ToString());
            }
        }
        return p;
    }

    public void Dispose()
    {
        foreach (var p in _allocations)
            NativeMemory.AlignedFree((void*)p);
        _allocations.Clear();
        Document.Dispose();
    }
}
