using Deliberate.Engine.Reasoning;
using Deliberate.Server.Configuration;

namespace Deliberate.Server.Chat;

/// <summary>A configured model as the API sees it: its id, names, effort per alias, policy.</summary>
public sealed record ServedModel(ModelOptions Options, long Created)
{
    public string Id => Options.Id;

    /// <summary>The effort a name implies when the request names none (an alias such as <c>o3-mini-high</c>).</summary>
    public Effort? EffortFor(string name) => Options.AliasEfforts.TryGetValue(name, out var effort) ? effort : null;
}

/// <summary>Resolves the <c>model</c> field (id or alias) to a served model.</summary>
public sealed class ModelCatalog
{
    private readonly Dictionary<string, ServedModel> _byName = new(StringComparer.Ordinal);

    public ModelCatalog(IEnumerable<ModelOptions> models, long created)
    {
        foreach (var options in models)
        {
            var served = new ServedModel(options, created);
            Models.Add(served);
            _byName.TryAdd(options.Id, served);
            foreach (var alias in options.Aliases)
            {
                _byName.TryAdd(alias, served);
            }
        }
    }

    public List<ServedModel> Models { get; } = [];

    /// <summary>Every name clients may use, ids and aliases, in configuration order.</summary>
    public IEnumerable<string> Names => _byName.Keys;

    public ServedModel? Find(string name) => _byName.GetValueOrDefault(name);
}
