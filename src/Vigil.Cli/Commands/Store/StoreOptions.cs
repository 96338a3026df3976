using System.CommandLine;
using Vigil.Blobs;
using Vigil.Blobs.Storage;
using Vigil.Cli.Client;

namespace Vigil.Cli.Commands.Store;

/// <summary>The options every <c>vigil store</c> command takes, added once per command, and the store they open.</summary>
public sealed class StoreOptions
{
    public Option<string?> Repo { get; } = new("--repo", "-r") { Description = "The store's folder (default $VIGIL_STORE)" };
    public Option<OutputFormat> Format { get; } = new("--format", "-f") { Description = "Output format: table or json", DefaultValueFactory = _ => OutputFormat.Table };

    public Command AddTo(Command command)
    {
        command.Options.Add(Repo);
        command.Options.Add(Format);
        return command;
    }

    public string RepoPath(ParseResult parse) =>
        parse.GetValue(Repo) ?? Environment.GetEnvironmentVariable("VIGIL_STORE")
        ?? throw new CliException("no store given: pass --repo DIR or set VIGIL_STORE");

    /// <summary>Opens the store; <paramref name="create"/> makes a new one in an absent or empty folder.</summary>
    public async Task<BlobStore> OpenAsync(ParseResult parse, TimeProvider time, bool create, CancellationToken cancellationToken)
    {
        var path = RepoPath(parse);
        if (!create && !Directory.Exists(path))
        {
            throw new CliException($"{path}: no such store");
        }
        return await StoreErrors.Guard(() => BlobStore.OpenAsync(new FileSystemBackend(path), time, create, cancellationToken)).ConfigureAwait(false);
    }
}
