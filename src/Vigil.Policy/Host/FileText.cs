using System.Text;

namespace Vigil.Policy.Host;

/// <summary>A host file's text, or why it could not be read.</summary>
/// <param name="Missing">True when the file (or a directory on its path) does not exist.</param>
/// <param name="Problem">Null when read; otherwise "absent", the system's message, or "larger than N bytes".</param>
public sealed record FileText(string? Text, bool Missing, string? Problem)
{
    public static FileText Read(string path, int maxBytes)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int n;
            while ((n = stream.Read(chunk)) > 0)
            {
                if (buffer.Length + n > maxBytes)
                {
                    return new FileText(null, false, $"larger than {maxBytes} bytes");
                }
                buffer.Write(chunk, 0, n);
            }
            return new FileText(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), false, null);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new FileText(null, true, "absent");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FileText(null, false, e.Message);
        }
    }
}
