using Deliberate.Server.Chat;
using Deliberate.Server.Contracts;
using Deliberate.Server.Errors;

namespace Deliberate.Server.Endpoints;

/// <summary><c>GET /v1/models</c> lists ids and aliases; <c>GET /v1/models/{id}</c> one of them or a 404 envelope.</summary>
public static class ModelsEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ModelCatalog catalog)
    {
        app.MapGet("/v1/models", () => TypedResults.Json(
            new ModelList("list", catalog.Names.Select(name => Dto(name, catalog.Find(name)!)).ToList()), WireJsonContext.Default.ModelList));
        app.MapGet("/v1/models/{id}", (string id) => catalog.Find(id) is { } model
            ? (IResult)TypedResults.Json(Dto(id, model), WireJsonContext.Default.ModelDto)
            : ErrorResponses.Result(ApiException.ModelNotFound(id)));
    }

    private static ModelDto Dto(string name, ServedModel model) => new(name, "model", model.Created, "deliberate");
}
