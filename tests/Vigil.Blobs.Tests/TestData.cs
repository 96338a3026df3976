namespace Vigil.Blobs.Tests;

/// <summary>Seeded content for tests: random (incompressible) and text-like (compressible) bytes.</summary>
internal static class TestData
{
    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static byte[] Text(int length, int seed)
    {
        var random = new Random(seed);
        var words = new[] { "kernel", "eth0", "link", "up", "down", "systemd", "started", "session", "cpu", "oom", "disk", "error", "warning" };
        var text = new System.Text.StringBuilder(length + 64);
        var line = 0;
        while (text.Length < length)
        {
            text.Append("2025-01-01T00:00:").Append(line++ % 60).Append(' ');
            for (var i = 0; i < 8; i++)
            {
                text.Append(words[random.Next(words.Length)]).Append(' ');
            }
            text.Append(random.Next(100000)).Append('\n');
        }
        return System.Text.Encoding.ASCII.GetBytes(text.ToString(0, length));
    }

    public static void Write(string root, string relative, byte[] content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    /// <summary>Asserts two folders hold the same files with the same bytes.</summary>
    public static void AssertSameTree(string expected, string actual)
    {
        var a = Directory.GetFiles(expected, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(expected, f)).Order(StringComparer.Ordinal).ToList();
        var b = Directory.GetFiles(actual, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(actual, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(a, b);
        foreach (var f in a)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(expected, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, f))), $"{f} differs");
        }
    }
}
