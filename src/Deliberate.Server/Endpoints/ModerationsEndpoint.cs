using System.Text.Json;
using Deliberate.Engine.Moderation;
using Deliberate.Server.Contracts;
using Deliberate.Server.Errors;
using Deliberate.Server.Moderation;

namespace Deliberate.Server.Endpoints;

/// <summary>
/// <c>POST /v1/moderations</c> in OpenAI's shape, scored by the local classifier. Without a classifier file every
/// model name is unknown (404 <c>model_not_found</c>), after the request itself has been checked.
/// </summary>
public static class ModerationsEndpoint
{
    private static readonly string[] TextOnly = ["text"];

    public static void Map(IEndpointRouteBuilder app, ModerationClassifier? classifier)
    {
        app.MapPost("/v1/moderations", async (HttpContext context) =>
        {
            var request = ModerationRequestParser.Parse(await RequestBody.ReadJsonAsync(context));
            if (classifier is null)
            {
                throw ApiException.ModelNotFound(request.Model);
            }

            var results = request.Inputs.Select(text => Dto(classifier.Classify(text))).ToList();
            var response = new ModerationResponse("modr-" + Guid.NewGuid().ToString("N")[..24], request.Model, results);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(response, WireJsonContext.Default.ModerationResponse), context.RequestAborted);
        });
    }

    private static ModerationResultDto Dto(ModerationResult result)
    {
        var names = ModerationCategories.All;
        return new ModerationResultDto(
            result.Flagged,
            names.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => result.Flags[x.i], StringComparer.Ordinal),
            names.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => result.Scores[x.i], StringComparer.Ordinal),
            names.ToDictionary(name => name, _ => TextOnly, StringComparer.Ordinal));
    }
}
