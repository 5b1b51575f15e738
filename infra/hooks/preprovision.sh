#!/bin/sh
# Before the first provision: make sure the azd environment holds a Telegram webhook secret, so
# main.parameters.json can pass it to the app and postdeploy can hand it to setWebhook.
set -eu

if [ -z "${TELEGRAM_WEBHOOK_SECRET:-}" ]; then
  # 32 random bytes as hex: within Telegram's secret_token alphabet (A-Z a-z 0-9 _ -).
  secret=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
  azd env set TELEGRAM_WEBHOOK_SECRET "$secret"
  echo "Generated TELEGRAM_WEBHOOK_SECRET in the azd environment."
fi

if [ -z "${TELEGRAM_BOT_TOKEN:-}" ]; then
  echo "TELEGRAM_BOT_TOKEN is not set: the app deploys without Telegram delivery."
  echo "Set it with: azd env set TELEGRAM_BOT_TOKEN <token from @BotFather>"
fi
