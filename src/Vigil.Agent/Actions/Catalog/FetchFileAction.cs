using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Vigil.Protocol.Actions;

namespace Vigil.Agent.Actions.Catalog;

/// <summary>
/// <c>fetch-file</c>: a text file under <c>actions.read_paths</c>, at most <c>max_bytes</c> of it (the executor redacts
/// secrets before it leaves). A binary file is described (size, hash) but its content is not sent: redaction cannot
/// vouch for bytes it cannot read.
/// </summary>
public sealed class FetchFileAction : IAgentAction
{
    public string Name => ActionNames.FetchFile;

    public async Task<JsonObject> RunAsync(ActionCall call, ActionContext context, CancellationToken cancellationToken)
    {
        var path = call.Required("path");
        var real = context.Guard.Check(path);
        var max = call.Int("max_bytes");
        await using var file = new FileStream(real, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var size = file.Length;
        var buffer = new byte[Math.Min(max, size)];
        await file.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        var binary = buffer.AsSpan().Contains((byte)0);
        return new JsonObject
        {
            ["path"] = path,
            ["size"] = size,
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(buffer)),
            ["content"] = binary ? "" : Encoding.UTF8.GetString(buffer),
            ["binary"] = binary,
            ["truncated"] = size > buffer.Length,
        };
    }
}
