using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SummaryBot.Core.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

// The bot token is part of every Telegram Bot API request URL, and HttpClient's logging
// handlers print request URLs: keep that category silent in the worker (host.json does the
// same for the host side).
builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.None);

builder.Services.AddSummaryBot(builder.Configuration);

builder.Build().Run();
