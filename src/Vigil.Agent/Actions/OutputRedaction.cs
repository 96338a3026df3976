using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Agent.Pipeline;

namespace Vigil.Agent.Actions;

/// <summary>Runs the agent's <see cref="Redactor"/> over every string in an action's result, before it leaves the host.</summary>
internal static class OutputRedaction
{
    /// <summary>Redacts in place; returns how many secrets were replaced.</summary>
    public static long Apply(JsonNode? node, Redactor redactor)
    {
        var before = redactor.Redactions;
        Walk(node, redactor);
        return redactor.Redactions - before;
    }

    private static void Walk(JsonNode? node, Redactor redactor)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (Redacted(obj[key], redactor) is { } text)
                    {
                        obj[key] = text;
                    }
                    else
                    {
                        Walk(obj[key], redactor);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (Redacted(array[i], redactor) is { } text)
                    {
                        array[i] = text;
                    }
                    else
                    {
                        Walk(array[i], redactor);
                    }
                }
                break;
        }
    }

    /// <summary>The redacted text when <paramref name="node"/> is a string that contained a secret; null otherwise.</summary>
    private static string? Redacted(JsonNode? node, Redactor redactor)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            return null;
        }
        var text = value.GetValue<string>();
        var redacted = redactor.Redact(text);
        return ReferenceEquals(text, redacted) || text == redacted ? null : redacted;
    }
}
