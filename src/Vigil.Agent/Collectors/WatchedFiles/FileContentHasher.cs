using System.Security.Cryptography;

namespace Vigil.Agent.Collectors.WatchedFiles;

/// <summary>
/// Streams a file through SHA-256 with one reused buffer and hash object, so hashing allocates only the result.
/// The buffer is wiped after each file: watched files include secrets such as /etc/shadow, whose content is
/// hashed on the host and never kept or sent.
/// </summary>
internal sealed class FileContentHasher : IDisposable
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly byte[] _digest = new byte[32];
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Returns "sha256:" + lowercase hex of the first <paramref name="maxBytes"/> bytes.</summary>
    /// <param name="truncated">True when the file is longer than <paramref name="maxBytes"/> and only its start was hashed.</param>
    public string Hash(string path, long maxBytes, out bool truncated)
    {
        truncated = false;
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            long offset = 0;
            while (true)
            {
                var want = (int)Math.Min(_buffer.Length, maxBytes - offset);
                if (want == 0)
                {
                    truncated = RandomAccess.Read(handle, _buffer.AsSpan(0, 1), offset) > 0;
                    break;
                }
                var n = RandomAccess.Read(handle, _buffer.AsSpan(0, want), offset);
                if (n == 0)
                {
                    break;
                }
                _sha256.AppendData(_buffer, 0, n);
                offset += n;
            }
            _sha256.GetHashAndReset(_digest);
            return "sha256:" + Convert.ToHexStringLower(_digest);
        }
        catch
        {
            _sha256.GetHashAndReset(_digest); // discard a partial hash so the next file starts clean
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(_buffer);
        }
    }

    public void Dispose() => _sha256.Dispose();
}
