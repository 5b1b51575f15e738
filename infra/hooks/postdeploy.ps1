# After `azd deploy`:
#  1. subscribe ArticleBlobFunction to BlobCreated events of the articles container
#     (infra/app/blob-events.bicep; needs the Azure CLI signed in to the same subscription);
#  2. point the Telegram bot's webhook at the app, with the webhook secret (skipped without a token).
$ErrorActionPreference = 'Stop'

foreach ($name in 'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME', 'ARTICLES_SYSTEM_TOPIC_NAME', 'SERVICE_API_URI') {
    if ([string]::IsNullOrEmpty([Environment]::GetEnvironmentVariable($name))) {
        throw "$name is missing: run azd provision first."
    }
}
$container = if ([string]::IsNullOrEmpty($env:ARTICLES_CONTAINER_NAME)) { 'articles' } else { $env:ARTICLES_CONTAINER_NAME }

if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    Write-Error 'Azure CLI (az) not found: install it, sign in (az login), then run: azd hooks run postdeploy'
}

Write-Host "Subscribing ArticleBlobFunction to BlobCreated events in '$container'..."
$arguments = @(
    'deployment', 'group', 'create',
    '--resource-group', $env:AZURE_RESOURCE_GROUP,
    '--name', 'articles-blob-events',
    '--template-file', './infra/app/blob-events.bicep',
    '--parameters', "functionAppName=$($env:AZURE_FUNCTION_APP_NAME)",
    "systemTopicName=$($env:ARTICLES_SYSTEM_TOPIC_NAME)",
    "articlesContainerName=$container",
    '--output', 'none')
if (-not [string]::IsNullOrEmpty($env:AZURE_SUBSCRIPTION_ID)) {
    $arguments += @('--subscription', $env:AZURE_SUBSCRIPTION_ID)
}
# The host creates its blobs_extension key when it first starts after the deployment: retry a few times.
for ($attempt = 1; ; $attempt++) {
    az @arguments
    if ($LASTEXITCODE -eq 0) { break }
    if ($attempt -ge 5) { throw 'Could not create the Event Grid subscription; rerun: azd hooks run postdeploy' }
    Write-Host 'Retrying in 30 s (the function host may still be starting)...'
    Start-Sleep -Seconds 30
}

if ([string]::IsNullOrEmpty($env:TELEGRAM_BOT_TOKEN)) {
    Write-Host 'TELEGRAM_BOT_TOKEN is not set: skipping Telegram setWebhook.'
    exit 0
}
if ([string]::IsNullOrEmpty($env:TELEGRAM_WEBHOOK_SECRET)) {
    Write-Warning 'TELEGRAM_WEBHOOK_SECRET is not set: skipping Telegram setWebhook (the app would reject every update).'
    exit 0
}

$webhookUrl = "$($env:SERVICE_API_URI)/api/telegram/webhook"
$apiBase = if ([string]::IsNullOrEmpty($env:TELEGRAM_API_BASE_URL)) { 'https://api.telegram.org' } else { $env:TELEGRAM_API_BASE_URL }
$body = @{ url = $webhookUrl; secret_token = $env:TELEGRAM_WEBHOOK_SECRET }
try {
    $response = Invoke-RestMethod -Method Post -Uri "$apiBase/bot$($env:TELEGRAM_BOT_TOKEN)/setWebhook" -Body $body
}
catch {
    # The exception text may contain the request URL, and with it the token: report the status only.
    throw "Telegram setWebhook failed with HTTP status $($_.Exception.Response.StatusCode)."
}
if (-not $response.ok) { throw "Telegram setWebhook failed: $($response.description)" }
Write-Host "Telegram webhook set to $webhookUrl"
