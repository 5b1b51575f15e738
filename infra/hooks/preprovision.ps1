# Before the first provision: make sure the azd environment holds a Telegram webhook secret, so
# main.parameters.json can pass it to the app and postdeploy can hand it to setWebhook.
$ErrorActionPreference = 'Stop'

if ([string]::IsNullOrEmpty($env:TELEGRAM_WEBHOOK_SECRET)) {
    # 32 random bytes as hex: within Telegram's secret_token alphabet (A-Z a-z 0-9 _ -).
    $bytes = [System.Security.Cryptography.RandomNumberGenerator]::GetBytes(32)
    $secret = [System.Convert]::ToHexString($bytes).ToLowerInvariant()
    azd env set TELEGRAM_WEBHOOK_SECRET $secret
    if ($LASTEXITCODE -ne 0) { throw 'azd env set TELEGRAM_WEBHOOK_SECRET failed.' }
    Write-Host 'Generated TELEGRAM_WEBHOOK_SECRET in the azd environment.'
}

if ([string]::IsNullOrEmpty($env:TELEGRAM_BOT_TOKEN)) {
    Write-Host 'TELEGRAM_BOT_TOKEN is not set: the app deploys without Telegram delivery.'
    Write-Host 'Set it with: azd env set TELEGRAM_BOT_TOKEN <token from @BotFather>'
}
