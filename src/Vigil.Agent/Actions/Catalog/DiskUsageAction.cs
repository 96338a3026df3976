using System.Text.Json.Nodes;
using Vigil.Protocol.Actions;

namespace Vigil.Agent.Actions.Catalog;

/// <summary><c>disk-usage</c>: bytes, files and directories under a path (symlinks not followed, other filesystems included), and the largest entries one level down.</summary>
public sealed class DiskUsageAction : IAgentAction
{
    public string Name => ActionNames.DiskUsage;

    public Task<JsonObject> RunAsync(ActionCall call, ActionContext context, CancellationToken cancellationToken)
    {
        var path = call.Required("path");
        var real = context.Guard.Check(path);
        var budget = call.Integer("max_files");
        long files = 0, directories = 0, bytes = 0;
        var truncated = false;
        var entries = new List<(string Name, long Bytes)>();
        if (File.Exists(real) && !Directory.Exists(real))
        {
            bytes = new FileInfo(real).Length;
            files = 1;
        }
        else if (Directory.Exists(real))
        {
            var top = new DirectoryInfo(real);
            foreach (var child in Safe(() => top.EnumerateFileSystemInfos().ToList()) ?? [])
            {
                cancellationToken.ThrowIfCancellationRequested();
                long size = 0;
                if (child.LinkTarget is not null)
                {
                    continue;
                }
                if (child is FileInfo file)
                {
                    size = file.Length;
                    files++;
                }
                else if (child is DirectoryInfo directory)
                {
                    directories++;
                    var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
                    foreach (var info in directory.EnumerateFileSystemInfos("*", options))
                    {
                        if (files >= budget)
                        {
                            truncated = true;
                            break;
                        }
                        if (info is FileInfo f)
                        {
                            size += Safe(() => f.Length);
                            files++;
                        }
                        else
                        {
                            directories++;
                        }
                    }
                }
                bytes += size;
                entries.Add((child.Name, size));
                if (truncated)
                {
                    break;
                }
            }
        }
        else
        {
            throw new InvalidOperationException($"{path}: no such file or directory");
        }
        return Task.FromResult(new JsonObject
        {
            ["path"] = path,
            ["bytes"] = bytes,
            ["files"] = files,
            ["directories"] = directories,
            ["truncated"] = truncated,
            ["entries"] = new JsonArray(entries.OrderByDescending(e => e.Bytes).ThenBy(e => e.Name, StringComparer.Ordinal).Take(call.Int("top"))
                .Select(e => (JsonNode)new JsonObject { ["name"] = e.Name, ["bytes"] = e.Bytes }).ToArray()),
        });
    }

    private static T? Safe<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return default;
        }
    }
}
