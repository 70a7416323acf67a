using static Deliberate.Server.Tests.Server.ErrorAssert;

namespace Deliberate.Server.Tests.Server;

/// <summary>OpenAI's exact error bodies for requests the server refuses (docs/server.md#errors).</summary>
public sealed class ValidationTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Hello = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private Task<HttpResponseMessage> Post(string body) => server.Http.PostAsync("/v1/chat/completions", Json(body));

    [Theory]
    [InlineData("temperature", "0.5")]
    [InlineData("top_p", "0.9")]
    [InlineData("presence_penalty", "0")]
    [InlineData("frequency_penalty", "1")]
    [InlineData("logprobs", "true")]
    [InlineData("top_logprobs", "2")]
    [InlineData("logit_bias", "{\"1\":5}")]
    [InlineData("parallel_tool_calls", "false")]
    [InlineData("min_p", "0.1")]
    [InlineData("top_k", "20")]
    public async Task StrictModeRejectsSamplingParametersLikeO3Mini(string name, string value)
    {
        var e = await Envelope(await Post($$"""{"model":"o3-mini",{{Hello}},"{{name}}":{{value}}}"""), 400);
        Assert.Equal($"Unsupported parameter: '{name}' is not supported with this model.", e.Message);
        Assert.Equal(("invalid_request_error", name, "unsupported_parameter"), (e.Type, e.Param, e.Code));
    }

    [Theory]
    [InlineData("min_p", "1.5", "decimal_out_of_range")]
    [InlineData("min_p", "-0.1", "decimal_out_of_range")]
    [InlineData("top_k", "-1", "decimal_out_of_range")]
    [InlineData("top_k", "0.5", "invalid_type")]
    public async Task OpenModeRangeChecksTheMinPAndTopKExtensions(string name, string value, string code)
    {
        var e = await Envelope(await Post($$"""{"model":"tiny-open",{{Hello}},"{{name}}":{{value}}}"""), 400);
        Assert.Equal(("invalid_request_error", name, code), (e.Type, e.Param, e.Code));
    }

    [Fact]
    public async Task MaxTokensPointsToMaxCompletionTokens()
    {
        var e = await Envelope(await Post($$"""{"model":"o3-mini",{{Hello}},"max_tokens":5}"""), 400);
        Assert.Equal("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", e.Message);
        Assert.Equal(("max_tokens", "unsupported_parameter"), (e.Param, e.Code));
    }

    [Fact]
    public async Task UnknownFieldIsUnrecognized()
    {
        var e = await Envelope(await Post($$"""{"model":"o3-mini",{{Hello}},"frobnicate":1}"""), 400);
        Assert.Equal("Unrecognized request argument supplied: frobnicate", e.Message);
        Assert.Equal(("invalid_request_error", (string?)null, (string?)null), (e.Type, e.Param, e.Code));
    }

    [Fact]
    public async Task UnknownModelIs404ModelNotFound()
    {
        var e = await Envelope(await Post($$"""{"model":"gpt-9",{{Hello}}}"""), 404);
        Assert.Equal("model_not_found", e.Code);
        Assert.Contains("gpt-9", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EffortOutsideLowMediumHighIsUnsupportedValue()
    {
        var e = await Envelope(await Post($$"""{"model":"o3-mini",{{Hello}},"reasoning_effort":"xhigh"}"""), 400);
        Assert.Equal(("reasoning_effort", "unsupported_value"), (e.Param, e.Code));
    }

    [Fact]
    public async Task WrongTypeNamesThePath()
    {
        var e = await Envelope(await Post("""{"model":"o3-mini","messages":[{"role":"user","content":"hi","name":5}]}"""), 400);
        Assert.Equal("messages[0].name", e.Param);
    }

    [Theory]
    [InlineData("\"tools\":[{\"type\":\"function\"}]", "tools[0].function", "missing_required_parameter")]
    [InlineData("\"tools\":[{\"type\":\"retrieval\",\"function\":{\"name\":\"f\"}}]", "tools[0].type", "invalid_value")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"bad name!\"}}]", "tools[0].function.name", "invalid_value")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}},{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]", "tools[1].function.name", "invalid_value")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":[1]}}]", "tools[0].function.parameters", "invalid_type")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"strict\":true,\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}}]", "tools[0].function.parameters", "invalid_function_parameters")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/nowhere\"}}}}}]", "tools[0].function.parameters", "invalid_json_schema")]
    [InlineData("\"tool_choice\":\"required\"", "tool_choice", "invalid_value")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":\"sometimes\"", "tool_choice", "invalid_value")]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"g\"}}", "tool_choice", "invalid_value")]
    [InlineData("\"response_format\":{\"type\":\"xml\"}", "response_format.type", "invalid_value")]
    [InlineData("\"response_format\":{\"type\":\"json_schema\"}", "response_format.json_schema", "missing_required_parameter")]
    [InlineData("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"schema\":{}}}", "response_format.json_schema.name", "missing_required_parameter")]
    [InlineData("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"strict\":true,\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\"]}}}", "response_format", "invalid_json_schema")]
    [InlineData("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":{\"type\":\"object\",\"allOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}}}", "response_format", "invalid_json_schema")]
    [InlineData("\"parallel_tool_calls\":false", "parallel_tool_calls", "unsupported_parameter")]
    public async Task StructuredOutputProblemsAre400sNamingTheParameter(string fields, string param, string code)
    {
        var e = await Envelope(await Post("{\"model\":\"o3-mini\"," + Hello + "," + fields + "}"), 400);
        Assert.Equal((param, code), (e.Param, e.Code));
    }

    [Theory]
    [InlineData("{\"abc\":1}")]
    [InlineData("{\"5\":101}")]
    [InlineData("{\"99999999\":1}")]
    public async Task LogitBiasIsCheckedOnOpenModels(string bias)
    {
        var e = await Envelope(await Post("{\"model\":\"tiny-open\"," + Hello + ",\"logit_bias\":" + bias + "}"), 400);
        Assert.Equal(("logit_bias", "invalid_value"), (e.Param, e.Code));
    }

    [Fact]
    public async Task ContextLengthExceeded()
    {
        var big = string.Join(' ', Enumerable.Repeat("the quick brown fox", 400));
        var e = await Envelope(await Post($$"""{"model":"o3-mini","messages":[{"role":"user","content":"{{big}}"}]}"""), 400);
        Assert.Equal("context_length_exceeded", e.Code);
        Assert.Contains($"maximum context length is {ServerFixture.ContextSize} tokens", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImagesAreRefusedByATextOnlyModel()
    {
        var e = await Envelope(await Post("""{"model":"o3-mini","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"http://x"}}]}]}"""), 400);
        Assert.Equal("messages[0].content[0].type", e.Param);
    }

    [Fact]
    public async Task WrongContentTypeIs415Envelope()
    {
        var response = await server.Http.PostAsync("/v1/chat/completions", new StringContent("{}", System.Text.Encoding.UTF8, "text/plain"));
        await Envelope(response, 415);
    }

    [Fact]
    public async Task UnknownRouteIs404Envelope()
    {
        var e = await Envelope(await server.Http.GetAsync("/v1/nothing-here"), 404);
        Assert.Equal("unknown_url", e.Code);
    }
}
