using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vigil.Protocol;
using Vigil.Server.Actions;
using Vigil.Server.Agents;
using Vigil.Server.Api;
using Vigil.Server.Audit;
using Vigil.Server.Auth;
using Vigil.Server.Background;
using Vigil.Server.Compliance;
using Vigil.Server.Events;
using Vigil.Server.Ingest;
using Vigil.Server.Live;
using Vigil.Server.Observability;
using Vigil.Server.Pki;
using Vigil.Server.Storage;
using Vigil.Server.Web;

namespace Vigil.Server;

/// <summary>
/// Wires the server: Kestrel on HTTPS (TLS 1.2+; client certificates requested but not required at the handshake, and
/// checked per endpoint against the CA so a bad one gets a clear 401 instead of a failed handshake), the store, the PKI, agent endpoints, the REST API, the dashboard,
/// /metrics, /healthz and the background loops.
/// </summary>
public static class ServerHost
{
    public static WebApplication Build(ServerOptions options, Func<IServiceProvider, IServerStore> storeFactory, Action<ILoggingBuilder>? logging = null, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        Directory.CreateDirectory(options.DataDirectory);
        var pki = ServerPki.LoadOrCreate(options.PkiDirectory, ServerNames(options), time, options.AgentCertificateLifetime);
        options.Actions.Validate();
        var actionKey = ActionSigningKey.LoadOrCreate(options.DataDirectory);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = options.DataDirectory });
        builder.Logging.ClearProviders();
        if (logging is null)
        {
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
            // API tokens are not data-protected; the key ring authentication brings along is unused.
            builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        }
        else
        {
            logging(builder.Logging);
        }
        // Enough for handshakes waiting on network round trips to overlap, few enough that a burst cannot starve them all.
        var handshakes = new HandshakeGate(128 * Environment.ProcessorCount);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.Ingest.MaxBodyBytes;
            foreach (var endpoint in options.Listen)
            {
                kestrel.Listen(endpoint, listen =>
                {
                    listen.Use(handshakes.Enter);
                    listen.UseHttps(new Microsoft.AspNetCore.Server.Kestrel.Https.TlsHandshakeCallbackOptions
                    {
                        // The chain sent includes the CA, so an agent holding only the CA's pin can verify the server at enrollment.
                        OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
                        {
                            ServerCertificateContext = pki.ServerCertificateContext,
                            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                            ClientCertificateRequired = true,
#pragma warning disable CA5359 // This validates the *client's* certificate: ClientAgent checks it against the CA per request, for a clear 401.
                            RemoteCertificateValidationCallback = (_, _, _, _) => true,
#pragma warning restore CA5359
                            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
                        }),
                    });
                    listen.Use(HandshakeGate.Leave);
                });
            }
        });
        builder.Services.ConfigureHttpJsonOptions(json => EventDataJson.Configure(json.SerializerOptions));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.Ingest);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(pki);
        builder.Services.AddSingleton<IServerStore>(sp => storeFactory(sp));
        builder.Services.AddSingleton<ServerMetrics>();
        builder.Services.AddSingleton<LiveFeed>();
        builder.Services.AddSingleton<HostViews>();
        builder.Services.AddSingleton<EnrollHandler>();
        builder.Services.AddSingleton<RenewHandler>();
        builder.Services.AddSingleton<IngestHandler>();
        builder.Services.AddSingleton<ActiveAgents>();
        builder.Services.AddHostedService<SilenceMonitor>();
        builder.Services.AddHostedService<StoreMaintenance>();
        builder.Services.AddHostedService<FleetTicker>();
        builder.Services.AddSingleton(actionKey);
        builder.Services.AddSingleton(options.Actions);
        builder.Services.AddSingleton(_ => AuditLog.Open(options.AuditPath, time));
        builder.Services.AddSingleton(_ => ActionStore.Open(options.ActionsPath));
        builder.Services.AddSingleton<AgentMailbox>();
        builder.Services.AddSingleton<ActionService>();
        builder.Services.AddHostedService<ActionExpiryService>();
        builder.Services.AddSingleton<ComplianceSealer>();
        builder.Services.AddSingleton<ComplianceViews>();
        builder.Services.AddSingleton<ExceptionService>();
        builder.Services.AddSingleton<RemediationService>();
        builder.Services.AddHostedService<RemediationAdvanceService>();
        builder.Services.AddSingleton<Bundles.BundleBlobs>();
        builder.Services.AddSingleton(_ => Bundles.BundleCatalog.Open(options.BundlesPath));
        builder.Services.AddSingleton<Bundles.BundleRetention>();
        builder.Services.AddAuthentication(ApiTokenAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null);
        builder.Services.AddAuthorization(AuthPolicies.Add);
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Vigil API";
            document.Info.Version = "v1";
            document.Info.Description = "Hosts, metrics, inventory, anomalies and events of a Vigil fleet. Authenticate with `Authorization: Bearer vgl_a_…`.";
            return Task.CompletedTask;
        }));

        var app = builder.Build();
        app.UseExceptionHandler(errors => errors.Run(WriteUnhandledAsync));
        app.UseStatusCodePages(async context =>
        {
            if (context.HttpContext.Response.ContentType is null)
            {
                var status = context.HttpContext.Response.StatusCode;
                await ApiErrors.WriteAsync(context.HttpContext, status, status == 404 ? "not_found" : "http_" + status, ReasonPhrases(status)).ConfigureAwait(false);
            }
        });
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet(AgentApi.CaBundlePath, (ServerPki pki) => Results.Text(pki.TrustBundlePem, "application/x-pem-file")).ExcludeFromDescription();
        app.MapPost(AgentApi.EnrollPath, (EnrollHandler handler, HttpContext context) => handler.HandleAsync(context)).ExcludeFromDescription();
        app.MapPost(AgentApi.RenewPath, (RenewHandler handler, HttpContext context) => handler.HandleAsync(context)).ExcludeFromDescription();
        app.MapPost(AgentApi.BatchesPath, (IngestHandler handler, HttpContext context) => handler.HandleAsync(context)).ExcludeFromDescription();

        var api = app.MapGroup("/api/v1");
        HostEndpoints.Map(api);
        MetricEndpoints.Map(api);
        EventEndpoints.Map(api);
        AnomalyEndpoints.Map(api);
        StreamEndpoint.Map(api);
        AdminEndpoints.Map(api);
        ActionEndpoints.Map(api);
        AuditEndpoints.Map(api);
        ComplianceEndpoints.Map(api);
        ActionAgentEndpoints.Map(app);
        Bundles.BundleEndpoints.Map(api);
        Bundles.BundleAgentEndpoints.Map(app);
        OperationsEndpoints.Map(app);
        ApiReferenceEndpoint.Map(app);
        app.MapDashboard();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.Lifetime.ApplicationStopped.Register(pki.Dispose);
        app.Lifetime.ApplicationStopped.Register(handshakes.Dispose);
        app.Lifetime.ApplicationStopped.Register(actionKey.Dispose);
        return app;
    }

    private static string ReasonPhrases(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : $"HTTP {status}";

    private static async Task WriteUnhandledAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (error is BadHttpRequestException bad)
        {
            await ApiErrors.WriteAsync(context, bad.StatusCode, "bad_request", bad.Message).ConfigureAwait(false);
            return;
        }
        await ApiErrors.WriteAsync(context, 500, "internal_error", "the server failed to handle this request; see its log").ConfigureAwait(false);
    }

    /// <summary>Names the server certificate covers: loopback, the machine's name, every listen address that is not a wildcard, and configured extras.</summary>
    public static IReadOnlyList<string> ServerNames(ServerOptions options)
    {
        var names = new List<string> { "localhost", "127.0.0.1", "::1", Dns.GetHostName() };
        names.AddRange(options.Listen.Where(e => !e.Address.Equals(IPAddress.Any) && !e.Address.Equals(IPAddress.IPv6Any)).Select(e => e.Address.ToString()));
        names.AddRange(options.ServerNames);
        return names.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
