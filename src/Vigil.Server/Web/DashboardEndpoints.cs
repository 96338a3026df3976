using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Vigil.Server.Web;

/// <summary>
/// Serves the web dashboard from resources embedded in this assembly: <c>/</c> is the page, <c>/ui/...</c> its
/// scripts, styles and the charting library. The files hold no data, so they need no token; everything the
/// dashboard shows comes from <c>/api/v1</c>, which does.
/// </summary>
public static class DashboardEndpoints
{
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        var assets = DashboardAssets.FromAssembly(typeof(DashboardEndpoints).Assembly);
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/", methods, (HttpContext context) => assets.Serve(context, "index.html"))
            .ExcludeFromDescription();
        app.MapMethods("/ui/{**path}", methods, (HttpContext context, string path) => assets.Serve(context, "ui/" + path))
            .ExcludeFromDescription();
        return app;
    }
}
