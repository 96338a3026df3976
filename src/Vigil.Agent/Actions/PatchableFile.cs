namespace Vigil.Agent.Actions;

/// <summary>
/// One entry of <c>actions.patch_files</c>: a file <c>patch-file</c> may replace, the command that checks the new
/// content (exit 0 = valid; <c>{path}</c> in it becomes the file's path), and an optional command run after a valid
/// change (a reload).
/// </summary>
public sealed record PatchableFile(string Path, IReadOnlyList<string> Validate, IReadOnlyList<string> Then);
