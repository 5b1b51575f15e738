using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using SummaryBot.Core.Hosting;
using SummaryBot.Core.Telemetry;

var builder = FunctionsApplication.CreateBuilder(args);

// The bot token is part of every Telegram Bot API request URL, and HttpClient's logging
// handlers print request URLs: keep that category silent in the worker (host.json does the
// same for the host side).
builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.None);

builder.Services.AddSummaryBot(builder.Configuration);

// Traces, logs and SummaryBot's own meter through OpenTelemetry, exported to Application Insights
// when the app has its connection string (Entra ID authentication with the app's identity, as the
// Bicep sets APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
var telemetry = builder.Services.AddOpenTelemetry()
    .WithMetrics(metrics => metrics.AddMeter(SummaryBotMetrics.MeterName))
    .UseFunctionsWorkerDefaults();
if (!string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    var entraId = builder.Configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]?.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase) == true;
    telemetry.UseAzureMonitorExporter(options =>
    {
        options.ConnectionString = builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        if (entraId)
        {
            options.Credential = new DefaultAzureCredential();
        }
    });
}

builder.Build().Run();
