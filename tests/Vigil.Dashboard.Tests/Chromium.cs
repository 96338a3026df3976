using Microsoft.Playwright;

namespace Vigil.Dashboard.Tests;

/// <summary>
/// The system's headless Chromium (/usr/bin/chromium, from the distribution; Playwright never downloads a browser
/// here) in one context over a throwaway profile, shared by the tests of a collection; each test opens its own tab.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private string? _profile;

    public IBrowserContext Context { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: install the distribution's chromium package (test.sh does)");
        }
        _profile = Directory.CreateTempSubdirectory("vigil-chromium-").FullName;
        _playwright = await Playwright.CreateAsync();
        // Playwright takes the profile folder as a parameter instead of --user-data-dir, which it refuses in Args.
        Context = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        Context.SetDefaultTimeout(10_000);
    }

    public async Task DisposeAsync()
    {
        if (Context is not null)
        {
            await Context.CloseAsync();
        }
        _playwright?.Dispose();
        if (_profile is not null)
        {
            Directory.Delete(_profile, recursive: true);
        }
    }
}
