using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigil.Agent.Tests;
using Vigil.Server.Web;

namespace Vigil.Dashboard.Tests;

/// <summary>
/// What most browser tests talk to: Kestrel on 127.0.0.1 (free port, HTTPS with a throwaway certificate) serving
/// the real <see cref="DashboardEndpoints.MapDashboard"/> and, for /api/v1, recorded fixtures, so a test knows the
/// exact content and can publish stream events when it wants. Tests need only <see cref="BaseUrl"/> and
/// <see cref="Token"/> to drive the page; <see cref="DevServer"/> offers the same for the real server.
/// </summary>
public sealed class DashboardServer : IAsyncLifetime
{
    private WebApplication? _app;

    public TimeProvider Time { get; } = TimeProvider.System;
    public string BaseUrl { get; private set; } = "";
    public string Token { get; set; } = "vgl_fixture_" + Guid.NewGuid().ToString("N");
    public FixtureState State { get; private set; } = null!;
    public EventStream Stream { get; } = new();

    /// <summary>The recorded host (the machine the fixtures were recorded on).</summary>
    public const string RecordedHostId = "agt_3d1219c7c4c5404aaa1f";
    public const string RecordedHostname = "vm";

    public async Task InitializeAsync()
    {
        State = FixtureState.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures"), Time.GetUtcNow());
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        var certificate = TestCertificate.Create(Time);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        _app = builder.Build();
        _app.MapDashboard();
        FixtureApi.Map(_app, State, Stream, () => Token, Time);
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    /// <summary>Sends a server-sent event to every dashboard whose stream wants it.</summary>
    public void Publish(string type, JsonNode data, string? host = null) => Stream.Publish(type, data.ToJsonString(), host);

    /// <summary>Stores a CloudEvent and streams it, as the server does for every event it derives.</summary>
    public void PublishEvent(JsonObject cloudEvent)
    {
        State.AddEvent(cloudEvent);
        Publish("event", cloudEvent, cloudEvent["vigilagent"]?.GetValue<string>());
    }

    public static string ScreenshotPath(string name)
    {
        var folder = RepositoryFiles.PathOf("artifacts/screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
