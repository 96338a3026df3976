using Microsoft.Playwright;

namespace Vigil.Dashboard.Tests;

/// <summary>
/// One browser tab on the dashboard. Collects what the page logs as errors (script failures, CSP violations,
/// failed requests), so a test can insist the page ran cleanly, not merely that some text appeared.
/// </summary>
public sealed class DashboardTab : IAsyncDisposable
{
    private readonly List<string> _errors = [];

    private DashboardTab(IPage page)
    {
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add("uncaught: " + error);
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Opens the dashboard signed in through the <c>#token=</c> link that <c>vigil dev</c> prints, at <paramref name="route"/>.</summary>
    public static async Task<DashboardTab> SignedInAsync(Chromium chromium, DashboardServer server, string route = "#/")
    {
        var tab = await OpenAsync(chromium, server.BaseUrl + "/#token=" + Uri.EscapeDataString(server.Token));
        await Assertions.Expect(tab.Page.Locator("#whoami")).ToContainTextAsync("fixture-admin");
        if (route != "#/")
        {
            await tab.Page.EvaluateAsync("route => { location.hash = route; }", route);
        }
        return tab;
    }

    public static async Task<DashboardTab> OpenAsync(Chromium chromium, string url)
    {
        var tab = new DashboardTab(await chromium.Context.NewPageAsync());
        await tab.Page.GotoAsync(url);
        return tab;
    }

    /// <summary>Errors the page logged, minus those the test expects (e.g. the 401 a wrong token gets).</summary>
    public IReadOnlyList<string> Errors(params string[] expected)
    {
        lock (_errors)
        {
            return _errors.Where(e => !expected.Any(x => e.Contains(x, StringComparison.Ordinal))).ToList();
        }
    }

    public async ValueTask DisposeAsync() => await Page.CloseAsync();
}
