using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Deliberate.Engine.Grammar;

/// <summary>
/// Entry point: compiles JSON Schemas (response_format json_schema, strict tool parameters) and JSON mode
/// (json_object) into grammars for constrained decoding. Compiled grammars are cached by a SHA-256 of the
/// schema text and options in a bounded LRU.
/// </summary>
public static class JsonSchemaGrammar
{
    private static readonly GrammarLruCache Cache = new(128);

    /// <summary>Compiles <paramref name="schemaJson"/> (or returns the cached grammar for the same text and options).</summary>
    /// <exception cref="SchemaCompileException">The schema is invalid, unsupported, unsatisfiable or too large.</exception>
    public static CompiledGrammar Compile(string schemaJson, GrammarOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schemaJson);
        options ??= GrammarOptions.Default;
        var key = CacheKey(schemaJson, options);
        if (Cache.TryGet(key, out var cached))
            return cached;
        var grammar = CompileUncached(schemaJson, options);
        Cache.Add(key, grammar);
        return grammar;
    }

    /// <summary>JSON mode: any JSON object (bounded whitespace per <paramref name="options"/>).</summary>
    public static CompiledGrammar JsonObject(GrammarOptions? options = null)
    {
        options ??= GrammarOptions.Default;
        var key = CacheKey("json_object", options);
        if (Cache.TryGet(key, out var cached))
            return cached;
        var grammar = new CompiledGrammar(SchemaCompiler.CompileAnyObject(options), options);
        Cache.Add(key, grammar);
        return grammar;
    }

    /// <summary>Compiles without touching the cache.</summary>
    public static CompiledGrammar CompileUncached(string schemaJson, GrammarOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schemaJson);
        options ??= GrammarOptions.Default;
        if (Encoding.UTF8.GetByteCount(schemaJson) > options.MaxSchemaBytes)
            throw new SchemaCompileException("#", $"schema larger than {options.MaxSchemaBytes} bytes");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(schemaJson, new JsonDocumentOptions { MaxDepth = options.MaxSchemaDepth * 2 + 8 });
        }
        catch (JsonException e)
        {
            throw new SchemaCompileException("#", "schema is not valid JSON: " + e.Message, e);
        }
        using (doc)
            return new CompiledGrammar(SchemaCompiler.Compile(doc.RootElement, options), options);
    }

    /// <summary>Number of grammars currently cached.</summary>
    public static int CachedCount => Cache.Count;

    /// <summary>Empties the compiled-grammar cache.</summary>
    public static void ClearCache() => Cache.Clear();

    private static string CacheKey(string text, GrammarOptions options)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text + "\u0000" + options));
        return Convert.ToHexString(hash);
    }
}
