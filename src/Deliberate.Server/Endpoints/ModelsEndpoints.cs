using Deliberate.Server.Chat;
using Deliberate.Server.Contracts;
using Deliberate.Server.Errors;
using Deliberate.Server.Moderation;

namespace Deliberate.Server.Endpoints;

/// <summary>
/// <c>GET /v1/models</c> lists chat model ids and aliases, then the moderation model's names when a classifier is
/// loaded (as OpenAI lists its moderation models); <c>GET /v1/models/{id}</c> one of them or a 404 envelope.
/// </summary>
public static class ModelsEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ModelCatalog catalog, bool moderation, long created)
    {
        var moderationNames = moderation ? ModerationModelNames.All : [];
        app.MapGet("/v1/models", () => TypedResults.Json(
            new ModelList("list", catalog.Names.Select(name => Dto(name, catalog.Find(name)!.Created)).Concat(moderationNames.Select(name => Dto(name, created))).ToList()),
            WireJsonContext.Default.ModelList));
        app.MapGet("/v1/models/{id}", (string id) => catalog.Find(id) is { } model
            ? (IResult)TypedResults.Json(Dto(id, model.Created), WireJsonContext.Default.ModelDto)
            : moderationNames.Contains(id, StringComparer.Ordinal) ? TypedResults.Json(Dto(id, created), WireJsonContext.Default.ModelDto)
            : ErrorResponses.Result(ApiException.ModelNotFound(id)));
    }

    private static ModelDto Dto(string name, long created) => new(name, "model", created, "deliberate");
}
