using System.Text.Json.Serialization;

namespace Deliberate.Engine.Chat;

/// <summary>Source-generated JSON for tool calls: arguments and results crossing the IChatClient boundary, names as JSON strings.</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(object))]
[JsonSerializable(typeof(IDictionary<string, object>))]
[JsonSerializable(typeof(JsonElementHolder))]
internal sealed partial class ChatJson : JsonSerializerContext;

/// <summary>Registers JsonElement for the source generator (tool arguments are JsonElements).</summary>
internal sealed record JsonElementHolder(System.Text.Json.JsonElement Value);
