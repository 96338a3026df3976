using Vigil.Policy.Host;

namespace Vigil.Policy.Tests;

/// <summary>
/// The descriptor walk (getdents64 + statx relative to the directory) against the enumeration walk it replaced, on a
/// real tree of every kind of entry: with no known account or group every entry is kept, so the two lists compare
/// the whole walk, entry by entry, mode and owner included, in order.
/// </summary>
public sealed class FileWalkerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "vigil-walk-test-" + Guid.NewGuid().ToString("N"));

    public FileWalkerTests()
    {
        Directory.CreateDirectory(_root);
        for (var i = 0; i < 40; i++)
        {
            // Enough names to need several getdents64 calls of the 64 KiB buffer in one directory.
            Touch($"many/{new string('n', 200)}-{i:D3}");
        }
        for (var i = 0; i < 500; i++)
        {
            Touch($"many/f{i:D4}");
        }
        Touch("etc/passwd", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Touch("srv/open.txt", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite);
        Touch("usr/bin/su", UnixFileMode.SetUser | UnixFileMode.UserRead | UnixFileMode.UserExecute);
        Touch("usr/bin/wall", UnixFileMode.SetGroup | UnixFileMode.UserRead | UnixFileMode.UserExecute);
        Touch("name with spaces/ünïcödé ✓");
        Touch("a/b/c/d/e/f/deep");
        Touch("proc/1/status");
        Touch("mnt/nfs/remote.txt", UnixFileMode.UserRead | UnixFileMode.OtherWrite);
        Directory.CreateDirectory(Path.Combine(_root, "tmp"));
        File.SetUnixFileMode(Path.Combine(_root, "tmp"), (UnixFileMode)0x3FF); // 1777
        Directory.CreateDirectory(Path.Combine(_root, "empty"));
        File.CreateSymbolicLink(Path.Combine(_root, "link-to-file"), Path.Combine(_root, "srv/open.txt"));
        File.CreateSymbolicLink(Path.Combine(_root, "link-to-dir"), Path.Combine(_root, "usr"));
        File.CreateSymbolicLink(Path.Combine(_root, "dangling"), Path.Combine(_root, "missing"));
    }

    private void Touch(string relativePath, UnixFileMode? mode = null)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
        if (mode is { } m)
        {
            File.SetUnixFileMode(path, m);
        }
    }

    private WalkFilter KeepEverything() =>
        new([Path.Combine(_root, "proc"), Path.Combine(_root, "mnt/nfs")], [], [], _root);

    [Fact]
    public void The_descriptor_walk_keeps_what_the_enumeration_walk_keeps_in_the_same_order()
    {
        var descriptor = KeepEverything();
        Assert.True(DescriptorWalk.TryRun(_root, descriptor));
        var enumeration = KeepEverything();
        EnumerationWalk.Run(_root, enumeration);

        Assert.Equal(enumeration.Kept, descriptor.Kept);
        var paths = descriptor.Kept.Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("/name with spaces/ünïcödé ✓", paths);
        Assert.Contains("/a/b/c/d/e/f/deep", paths);
        Assert.Equal(540, paths.Count(p => p.StartsWith("/many/", StringComparison.Ordinal)));
        // Mount points of pseudo and network filesystems are listed but not entered; symlinks are neither.
        Assert.Contains("/proc", paths);
        Assert.DoesNotContain("/proc/1", paths);
        Assert.Contains("/mnt/nfs", paths);
        Assert.DoesNotContain("/mnt/nfs/remote.txt", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/link-to", StringComparison.Ordinal) || p == "/dangling");
        var tmp = descriptor.Kept.Single(e => e.Path == "/tmp");
        Assert.True(tmp.IsDirectory);
        Assert.Equal(0x3FFu, tmp.Mode & 0xFFF);
        Assert.Equal(0x800u, descriptor.Kept.Single(e => e.Path == "/usr/bin/su").Mode & 0x800);
        // Breadth-first, as .NET enumerates: everything directly under the root comes before anything deeper.
        var depths = descriptor.Kept.Select(e => e.Path.Count(c => c == '/')).ToList();
        Assert.Equal(depths.Order(), depths);
    }

    [Fact]
    public void With_the_owner_known_only_world_writable_setuid_and_setgid_entries_are_kept()
    {
        var everything = KeepEverything();
        Assert.True(DescriptorWalk.TryRun(_root, everything));
        var mine = everything.Kept.Single(e => e.Path == "/etc/passwd");
        var filter = new WalkFilter([Path.Combine(_root, "proc"), Path.Combine(_root, "mnt/nfs")], [mine.Uid], [mine.Gid], _root);

        Assert.True(DescriptorWalk.TryRun(_root, filter));

        Assert.Equal(["/srv/open.txt", "/tmp", "/usr/bin/su", "/usr/bin/wall"], filter.Kept.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_missing_root_is_an_error_naming_it()
    {
        var missing = Path.Combine(_root, "no-such-dir");
        var error = Assert.Throws<DirectoryNotFoundException>(() => DescriptorWalk.TryRun(missing, KeepEverything()));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
