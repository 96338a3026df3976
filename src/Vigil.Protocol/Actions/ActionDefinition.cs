using System.Text;
using System.Text.Json;

namespace Vigil.Protocol.Actions;

/// <summary>
/// The contract of one action, shared by server and agent: its name, whether it changes the host (privileged), its
/// typed parameters and the JSON Schema of its result. The server checks parameters before it signs; the agent
/// checks them again before it runs (it trusts nothing it did not check itself).
/// </summary>
public sealed record ActionDefinition(string Name, string Summary, bool Privileged, IReadOnlyList<ActionParameter> Parameters, string ResultSchema)
{
    /// <summary>All parameters together may be at most this many characters.</summary>
    public const int MaxParameterCharacters = 512 * 1024;

    /// <summary>The parameters with defaults filled in, or the first problem (naming the parameter).</summary>
    public (IReadOnlyDictionary<string, string>? Parameters, string? Problem) Bind(IReadOnlyDictionary<string, string>? given)
    {
        given ??= new Dictionary<string, string>();
        if (given.Sum(p => p.Key.Length + p.Value.Length) > MaxParameterCharacters)
        {
            return (null, $"parameters: more than {MaxParameterCharacters} characters in all");
        }
        foreach (var name in given.Keys)
        {
            if (!Parameters.Any(p => p.Name == name))
            {
                var known = Parameters.Count == 0 ? "it takes none" : "known: " + string.Join(", ", Parameters.Select(p => p.Name));
                return (null, $"{name}: {Name} has no such parameter ({known})");
            }
        }
        var bound = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in Parameters)
        {
            if (given.TryGetValue(parameter.Name, out var value))
            {
                if (parameter.Check(value) is { } problem)
                {
                    return (null, problem);
                }
                bound[parameter.Name] = value;
            }
            else if (parameter.Default is { } fallback)
            {
                bound[parameter.Name] = fallback;
            }
            else if (parameter.Required)
            {
                return (null, $"{parameter.Name}: required ({parameter.Description})");
            }
        }
        return (bound, null);
    }

    /// <summary>The parameters as a JSON Schema object (values are strings on the wire; <c>x-kind</c> says what they hold).</summary>
    public string ParameterSchema()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "object");
            json.WriteBoolean("additionalProperties", false);
            json.WriteStartObject("properties");
            foreach (var p in Parameters)
            {
                json.WriteStartObject(p.Name);
                json.WriteString("type", "string");
                json.WriteString("x-kind", p.Kind.ToString().ToLowerInvariant());
                json.WriteString("description", p.Description);
                json.WriteNumber("maxLength", p.MaxLength);
                if (p.Kind == ParameterKind.Integer)
                {
                    json.WriteString("pattern", "^-?[0-9]+$");
                    json.WriteNumber("x-minimum", p.Min);
                    json.WriteNumber("x-maximum", p.Max);
                }
                if (p.Kind == ParameterKind.Boolean)
                {
                    json.WriteStartArray("enum");
                    json.WriteStringValue("true");
                    json.WriteStringValue("false");
                    json.WriteEndArray();
                }
                if (p.Default is { } d)
                {
                    json.WriteString("default", d);
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteStartArray("required");
            foreach (var p in Parameters.Where(p => p.Required))
            {
                json.WriteStringValue(p.Name);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
