using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vigil.Dashboard.Tests;

[Collection(DashboardCollection.Name)]
public sealed class SignInTests(Chromium chromium, DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task TokenLinkSignsInAndLeavesTheAddressBar()
    {
        await using var tab = await DashboardTab.SignedInAsync(chromium, server);
        await Expect(tab.Page.Locator("#whoami")).ToContainTextAsync("admin");
        Assert.DoesNotContain(server.Token, tab.Page.Url, StringComparison.Ordinal);
        Assert.False(await tab.Page.EvaluateAsync<bool>("token => history.length > 1 && location.href.includes(token)", server.Token));
        Assert.Empty(tab.Errors());
    }

    [Fact]
    public async Task PastedTokenSignsIn()
    {
        await using var tab = await DashboardTab.OpenAsync(chromium, server.BaseUrl + "/");
        await Expect(tab.Page.Locator("form.login-card")).ToBeVisibleAsync();
        await tab.Page.FillAsync("#token", server.Token);
        await tab.Page.ScreenshotAsync(new() { Path = DashboardServer.ScreenshotPath("sign-in.png") });
        await tab.Page.ClickAsync("form.login-card button[type='submit']");
        await Expect(tab.Page.Locator("#whoami")).ToContainTextAsync("fixture-admin");
        await Expect(tab.Page.Locator("#fleet-table .host-link").First).ToBeVisibleAsync();
        Assert.Empty(tab.Errors());
    }

    [Fact]
    public async Task DeepLinkOpensAfterSignIn()
    {
        await using var tab = await DashboardTab.OpenAsync(chromium, $"{server.BaseUrl}/#/hosts/{DashboardServer.RecordedHostId}");
        await tab.Page.FillAsync("#token", server.Token);
        await tab.Page.PressAsync("#token", "Enter");
        await Expect(tab.Page.Locator("#host-name")).ToHaveTextAsync(DashboardServer.RecordedHostname);
        Assert.Empty(tab.Errors());
    }

    [Fact]
    public async Task RejectedTokenReturnsToSignInAndSaysWhy()
    {
        await using var tab = await DashboardTab.OpenAsync(chromium, server.BaseUrl + "/#token=vgl_wrong");
        await Expect(tab.Page.Locator("#login-message")).ToContainTextAsync("401");
        await Expect(tab.Page).ToHaveURLAsync(new Regex("#/login$"));
        Assert.Null(await tab.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('vigil.token')"));
        Assert.Empty(tab.Errors("401"));
    }

    [Fact]
    public async Task TokenRevokedWhileBrowsingReturnsToSignIn()
    {
        var token = server.Token;
        try
        {
            await using var tab = await DashboardTab.SignedInAsync(chromium, server, "#/events");
            await Expect(tab.Page.Locator("#events-table tr.event").First).ToBeVisibleAsync();
            server.Token = "vgl_rotated";
            await tab.Page.ClickAsync("a[data-nav='fleet']");
            await Expect(tab.Page.Locator("#login-message")).ToContainTextAsync("rejected the token");
            Assert.Empty(tab.Errors("401"));
        }
        finally
        {
            server.Token = token;
        }
    }
}
