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

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

    private byte[] _body = new byte[8192];

    public string AgentId => agentId;
    public long FirstSequence { get; } = lastStoredSequence + 1;
    /// <summary>The last sequence this run sent (FirstSequence - 1 when none).</summary>
    public long LastSequence { get; private set; } = lastStoredSequence;

    /// <summary>
    /// Sends one batch at <paramref name="start"/> + <paramref name="phase"/> + k × <paramref name="interval"/> for each
    /// k from <paramref name="firstTick"/> whose time is before the clock's end (Stopwatch timestamps); those due in its
    /// measured window are measured.
    /// </summary>
    public async Task RunAsync(BatchTemplate template, Uri batchesUrl, long start, TimeSpan phase, TimeSpan interval, long firstTick, RunClock clock, int agents, RunRecorder recorder, TimeProvider time)
    {
        for (var tick = firstTick; ; tick++)
        {
            var due = start + ToTicks(phase + interval * tick);
            if (due >= clock.End)
            {
                return;
            }
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait).ConfigureAwait(false);
            }
            var acked = await SendAsync(template, batchesUrl, tick, due, due >= clock.MeasureFrom, clock.End, interval, recorder, time).ConfigureAwait(false);
            if (tick == firstTick && acked)
            {
                clock.Connected(agents);
            }
        }
    }

    /// <summary>Sends one batch, retrying as the agent would until it is acknowledged or an interval past the end of the run; true when acknowledged.</summary>
    private async Task<bool> SendAsync(BatchTemplate template, Uri batchesUrl, long tick, long due, bool measured, long end, TimeSpan interval, RunRecorder recorder, TimeProvider time)
    {
        var sequence = LastSequence + 1;
        var length = Encode(template, sequence, tick, time.GetUtcNow().ToUnixTimeMilliseconds(), (int)interval.TotalMilliseconds);
        LastSequence = sequence;
        var (sentBefore, receivedBefore) = (wire.SentBytes, wire.ReceivedBytes);
        recorder.Started();
        var started = Stopwatch.GetTimestamp();
        var lagMs = Stopwatch.GetElapsedTime(due, started).TotalMilliseconds;
        string? failure;
        for (var failures = 1; ; failures++)
        {
            bool retry;
            (failure, retry) = await PostAsync(batchesUrl, length).ConfigureAwait(false);
            // Like the agent: no answer, a timeout or a 5xx keeps the batch and sends it again after a back-off.
            if (failure is null || !retry || Stopwatch.GetTimestamp() > Math.Min(end, long.MaxValue - ToTicks(interval)) + ToTicks(interval))
            {
                break;
            }
            recorder.Retrying(measured, failure);
            await Task.Delay(Backoff(failures)).ConfigureAwait(false);
        }
        var latencyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        recorder.Finished(measured, failure, latencyMs, lagMs, length, wire.SentBytes - sentBefore, wire.ReceivedBytes - receivedBefore);
        return failure is null;
    }

    private async Task<(string? Failure, bool Retry)> PostAsync(Uri batchesUrl, int length)
    {
        // The request disposes its content: each attempt gets its own over the same body.
        using var content = new ByteArrayContent(_body, 0, length);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("zstd");
        using var request = new HttpRequestMessage(HttpMethod.Post, batchesUrl) { Content = content };
        request.Headers.Add(AgentApi.SchemaVersionHeader, "2");
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return status switch
            {
                200 => (null, false),
                409 when await ErrorCodeAsync(response).ConfigureAwait(false) == "duplicate" => (null, false), // stored by an earlier attempt
                408 or 429 or >= 500 => ($"HTTP {status} {await ErrorCodeAsync(response).ConfigureAwait(false)}", true),
                _ => ($"HTTP {status} {await ErrorCodeAsync(response).ConfigureAwait(false)}", false),
            };
        }
        catch (HttpRequestException e)
        {
            return ($"{e.HttpRequestError}: {e.InnerException?.Message ?? e.Message}", true);
        }
        catch (TaskCanceledException)
        {
            return ("timeout", true);
        }
    }

    /// <summary>The agent's back-off (AgentRuntime.Backoff): exponential from 1 s to 60 s, each wait drawn between half the ceiling and the ceiling.</summary>
    private static TimeSpan Backoff(int failures)
    {
        var ceiling = Math.Min(MaxBackoff.TotalMilliseconds, 1000 * Math.Pow(2, Math.Min(failures - 1, 10)));
        return TimeSpan.FromMilliseconds(ceiling / 2 + (Random.Shared.NextDouble() * ceiling / 2));
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
