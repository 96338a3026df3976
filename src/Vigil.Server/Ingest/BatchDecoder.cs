using System.Buffers;
using System.IO.Compression;
using System.Text.Json;
using Vigil.Protocol;
using ZstdSharp;

namespace Vigil.Server.Ingest;

/// <summary>
/// Turns a request body into a <see cref="Batch"/>: bounded read, gzip/zstd decompression with a cap (a small body
/// cannot expand into gigabytes), source-generated JSON, schema-version check. Every refusal names what was wrong.
/// </summary>
public static class BatchDecoder
{
    public static async Task<(Batch Batch, int WireBytes)> DecodeAsync(Stream body, string? contentEncoding, IngestLimits limits, CancellationToken cancellationToken)
    {
        var wire = await ReadBoundedAsync(body, limits.MaxBodyBytes, "request body", cancellationToken).ConfigureAwait(false);
        try
        {
            using var compressed = new MemoryStream(wire.Buffer, 0, wire.Length, writable: false);
            Stream? decompressor = (contentEncoding ?? "").Trim().ToLowerInvariant() switch
            {
                "" or "identity" => null,
                "gzip" => new GZipStream(compressed, CompressionMode.Decompress),
                "zstd" => new DecompressionStream(compressed),
                var other => throw new BatchRejectedException(415, "unsupported_encoding", $"Content-Encoding '{other}' is not supported (use gzip, zstd or identity)"),
            };
            if (decompressor is null)
            {
                return (Parse(wire.Buffer.AsSpan(0, wire.Length)), wire.Length);
            }
            await using (decompressor.ConfigureAwait(false))
            {
                Bounded json;
                try
                {
                    json = await ReadBoundedAsync(decompressor, limits.MaxDecompressedBytes, "decompressed batch", cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is InvalidDataException or ZstdException or IOException)
                {
                    throw new BatchRejectedException(400, "malformed_batch", $"body is not valid {contentEncoding}: {e.Message}");
                }
                try
                {
                    return (Parse(json.Buffer.AsSpan(0, json.Length)), wire.Length);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(json.Buffer);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(wire.Buffer);
        }
    }

    public static Batch Parse(ReadOnlySpan<byte> json)
    {
        // The version is checked before binding, so a future payload gets "unsupported version", not a confusing field error.
        var version = PeekVersion(json);
        if (version is < SchemaVersions.OldestSupported or > SchemaVersions.Current)
        {
            throw new BatchRejectedException(400, "unsupported_schema_version",
                $"schema version {version} is not supported; this server accepts {SchemaVersions.OldestSupported} to {SchemaVersions.Current}");
        }
        try
        {
            return JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.Batch)
                ?? throw new BatchRejectedException(400, "malformed_batch", "body is JSON null");
        }
        catch (JsonException e)
        {
            throw new BatchRejectedException(400, "malformed_batch", $"invalid batch JSON at {e.Path ?? "$"} (line {e.LineNumber + 1}, byte {e.BytePositionInLine}): {e.Message.Split(" Path:")[0]}");
        }
    }

    private static int PeekVersion(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new BatchRejectedException(400, "malformed_batch", "body is not a JSON object");
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isVersion = reader.ValueTextEquals("v"u8);
                reader.Read();
                if (isVersion)
                {
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var v)
                        ? v
                        : throw new BatchRejectedException(400, "malformed_batch", "v: must be an integer schema version");
                }
                reader.Skip();
            }
        }
        catch (JsonException e)
        {
            throw new BatchRejectedException(400, "malformed_batch", $"invalid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine})");
        }
        throw new BatchRejectedException(400, "malformed_batch", "v: missing schema version");
    }

    private readonly record struct Bounded(byte[] Buffer, int Length);

    private static async Task<Bounded> ReadBoundedAsync(Stream source, long max, string what, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var read = await source.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return new Bounded(buffer, length);
                }
                length += read;
                if (length > max)
                {
                    throw new BatchRejectedException(413, "payload_too_large", $"{what} exceeds {max} bytes");
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
