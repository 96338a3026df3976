using System.IO.Compression;
using System.Text;
using Vigil.Server.Ingest;
using ZstdSharp;

namespace Vigil.Server.Tests.Ingest;

public sealed class BatchDecoderTests
{
    private const string Json = """{"v":2,"agent":"agt_1","seq":7,"ts":1,"interval_ms":10000,"records":[{"type":"health","src":"cpu","ts":1,"status":"Degraded","reason":"r","message":"m"}]}""";
    private static readonly IngestLimits Limits = new();

    private static Task<(Vigil.Protocol.Batch Batch, int WireBytes)> Decode(byte[] body, string? encoding, IngestLimits? limits = null) =>
        BatchDecoder.DecodeAsync(new MemoryStream(body), encoding, limits ?? Limits, CancellationToken.None);

    [Fact]
    public async Task ZstdGzipAndPlainBodiesDecodeToTheSameBatch()
    {
        var plain = Encoding.UTF8.GetBytes(Json);
        using var compressor = new Compressor(3);
        var zstd = compressor.Wrap(plain).ToArray();
        using var gz = new MemoryStream();
        using (var stream = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true))
        {
            stream.Write(plain);
        }
        foreach (var (body, encoding) in new[] { (plain, (string?)null), (zstd, "zstd"), (gz.ToArray(), "gzip") })
        {
            var (batch, wire) = await Decode(body, encoding);
            Assert.Equal(7, batch.Sequence);
            Assert.Equal(10_000, batch.IntervalMs);
            Assert.Equal(body.Length, wire);
        }
    }

    [Theory]
    [InlineData("""{"seq":1}""", "v: missing schema version")]
    [InlineData("""{"v":"two"}""", "v: must be an integer")]
    [InlineData("""[1,2]""", "not a JSON object")]
    [InlineData("""{"v":5,"agent":"a"}""", "schema version 5 is not supported; this server accepts 1 to 4")]
    [InlineData("""{"v":0}""", "schema version 0 is not supported")]
    [InlineData("""{"v":2,"agent":"a","seq":1,"records":[{"type":"nonsense","src":"x","ts":1}]}""", "invalid batch JSON at $.records[0]")]
    public async Task BadBodiesAreRefusedSayingWhatIsWrong(string json, string reason)
    {
        var e = await Assert.ThrowsAsync<BatchRejectedException>(() => Decode(Encoding.UTF8.GetBytes(json), null));
        Assert.Equal(400, e.Status);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LimitsApplyToTheWireAndToWhatDecompresses()
    {
        var small = new IngestLimits { MaxBodyBytes = 100, MaxDecompressedBytes = 200 };
        var big = await Assert.ThrowsAsync<BatchRejectedException>(() => Decode(new byte[101], null, small));
        Assert.Equal(413, big.Status);
        using var compressor = new Compressor(3);
        var bomb = compressor.Wrap(new byte[10_000]).ToArray();
        Assert.True(bomb.Length <= 100);
        var exploded = await Assert.ThrowsAsync<BatchRejectedException>(() => Decode(bomb, "zstd", small));
        Assert.Equal("payload_too_large", exploded.Code);
        Assert.Contains("decompressed batch exceeds 200 bytes", exploded.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownEncodingIs415()
    {
        var e = await Assert.ThrowsAsync<BatchRejectedException>(() => Decode(Encoding.UTF8.GetBytes(Json), "br"));
        Assert.Equal(415, e.Status);
    }
}
