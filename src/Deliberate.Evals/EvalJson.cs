using System.Text.Json.Serialization;
using Deliberate.Evals.Reports;

namespace Deliberate.Evals;

/// <summary>Source-generated JSON for what the harness reads and writes.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(IDictionary<string, object>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(EvalReport))]
internal sealed partial class EvalJson : JsonSerializerContext;
