using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;
using Vigil.Agent.Configuration;
using Vigil.Agent.Shipping;
using Vigil.Protocol;

namespace Vigil.LoadGen;

/// <summary>
/// One simulated agent: its own client certificate and keep-alive connection, one batch per interval at its own
/// phase, sequences increasing from where the server's store left off, one request at a time as the agent's shipper
/// does (a batch due while the previous one is still unanswered goes out right after it, late).
/// </summary>
public sealed class SimulatedAgent(int index, string agentId, HttpClient client, WireCounter wire, long lastStoredSequence) : IDisposable
{
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_json;
    [ThreadStatic] private static BatchEncoder? t_encoder;

    private byte[] _body = new byte[8192];

    public string AgentId => agentId;
    public long FirstSequence { get; } = lastStoredSequence + 1;
    /// <summary>The last sequence this run sent (FirstSequence - 1 when none).</summary>
    public long LastSequence { get; private set; } = lastStoredSequence;

    /// <summary>
    /// Sends one batch at <paramref name="start"/> + <paramref name="phase"/> + k × <paramref name="interval"/> for each
    /// k whose time is before <paramref name="end"/> (Stopwatch timestamps); those due from <paramref name="measureFrom"/>
    /// on are measured.
    /// </summary>
    public async Task RunAsync(BatchTemplate template, Uri batchesUrl, long start, TimeSpan phase, TimeSpan interval, long measureFrom, long end, RunRecorder recorder, TimeProvider time)
    {
        for (long tick = 0; ; tick++)
        {
            var due = start + ToTicks(phase + interval * tick);
            if (due >= end)
            {
                return;
            }
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait).ConfigureAwait(false);
            }
            await SendAsync(template, batchesUrl, tick, due, due >= measureFrom, (int)interval.TotalMilliseconds, recorder, time).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(BatchTemplate template, Uri batchesUrl, long tick, long due, bool measured, int intervalMs, RunRecorder recorder, TimeProvider time)
    {
        var sequence = LastSequence + 1;
        var length = Encode(template, sequence, tick, time.GetUtcNow().ToUnixTimeMilliseconds(), intervalMs);
        LastSequence = sequence;
        using var content = new ByteArrayContent(_body, 0, length);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("zstd");
        using var request = new HttpRequestMessage(HttpMethod.Post, batchesUrl) { Content = content };
        request.Headers.Add(AgentApi.SchemaVersionHeader, "2");
        var (sentBefore, receivedBefore) = (wire.SentBytes, wire.ReceivedBytes);
        recorder.Started();
        var started = Stopwatch.GetTimestamp();
        var lagMs = Stopwatch.GetElapsedTime(due, started).TotalMilliseconds;
        string? failure;
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
            failure = response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {await ErrorCodeAsync(response).ConfigureAwait(false)}";
        }
        catch (HttpRequestException e)
        {
            failure = $"{e.HttpRequestError}: {e.InnerException?.Message ?? e.Message}";
        }
        catch (TaskCanceledException)
        {
            failure = "timeout";
        }
        var latencyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        recorder.Finished(measured, failure, latencyMs, lagMs, length, wire.SentBytes - sentBefore, wire.ReceivedBytes - receivedBefore);
    }

    /// <summary>Writes the batch JSON and compresses it with the agent's encoder into this agent's body buffer; returns its length.</summary>
    private int Encode(BatchTemplate template, long sequence, long tick, long nowMs, int intervalMs)
    {
        var json = t_json ??= new ArrayBufferWriter<byte>(64 * 1024);
        var encoder = t_encoder ??= new BatchEncoder(ServerCompression.Zstd);
        json.ResetWrittenCount();
        template.Write(json, agentId, index, sequence, tick, nowMs, intervalMs);
        var body = encoder.Encode(json.WrittenSpan);
        if (_body.Length < body.Count)
        {
            _body = new byte[body.Count * 2];
        }
        body.AsSpan().CopyTo(_body);
        return body.Count;
    }

    private static async Task<string> ErrorCodeAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        var at = text.IndexOf("\"error\":\"", StringComparison.Ordinal);
        if (at < 0)
        {
            return "";
        }
        var close = text.IndexOf('"', at + 9);
        return close < 0 ? "" : text[(at + 9)..close];
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    public void Dispose() => client.Dispose();
}
