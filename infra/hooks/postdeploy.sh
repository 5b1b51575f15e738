#!/bin/sh
# After `azd deploy`:
#  1. subscribe ArticleBlobFunction to BlobCreated events of the articles container
#     (infra/app/blob-events.bicep; needs the Azure CLI signed in to the same subscription);
#  2. point the Telegram bot's webhook at the app, with the webhook secret (skipped without a token).
set -eu

: "${AZURE_RESOURCE_GROUP:?missing: run azd provision first}"
: "${AZURE_FUNCTION_APP_NAME:?missing: run azd provision first}"
: "${ARTICLES_SYSTEM_TOPIC_NAME:?missing: run azd provision first}"
: "${SERVICE_API_URI:?missing: run azd provision first}"

if command -v az >/dev/null 2>&1; then
  echo "Subscribing ArticleBlobFunction to BlobCreated events in '${ARTICLES_CONTAINER_NAME:-articles}'..."
  # The host creates its blobs_extension key when it first starts after the deployment: retry a few times.
  attempt=1
  until az deployment group create \
      ${AZURE_SUBSCRIPTION_ID:+--subscription "$AZURE_SUBSCRIPTION_ID"} \
      --resource-group "$AZURE_RESOURCE_GROUP" \
      --name articles-blob-events \
      --template-file ./infra/app/blob-events.bicep \
      --parameters functionAppName="$AZURE_FUNCTION_APP_NAME" \
                   systemTopicName="$ARTICLES_SYSTEM_TOPIC_NAME" \
                   articlesContainerName="${ARTICLES_CONTAINER_NAME:-articles}" \
      --output none; do
    if [ "$attempt" -ge 5 ]; then
      echo "Could not create the Event Grid subscription; rerun: azd hooks run postdeploy" >&2
      exit 1
    fi
    attempt=$((attempt + 1))
    echo "Retrying in 30 s (the function host may still be starting)..."
    sleep 30
  done
else
  echo "Azure CLI (az) not found: articles will not trigger the app until the Event Grid subscription exists." >&2
  echo "Install az, sign in (az login), then run: azd hooks run postdeploy" >&2
  exit 1
fi

if [ -z "${TELEGRAM_BOT_TOKEN:-}" ]; then
  echo "TELEGRAM_BOT_TOKEN is not set: skipping Telegram setWebhook."
  exit 0
fi
if [ -z "${TELEGRAM_WEBHOOK_SECRET:-}" ]; then
  echo "TELEGRAM_WEBHOOK_SECRET is not set: skipping Telegram setWebhook (the app would reject every update)." >&2
  exit 0
fi

webhook_url="${SERVICE_API_URI}/api/telegram/webhook"
api_base="${TELEGRAM_API_BASE_URL:-https://api.telegram.org}"
# The request URL (which holds the token) goes to curl on stdin, not on its command line.
response=$(printf 'url = "%s/bot%s/setWebhook"\n' "$api_base" "$TELEGRAM_BOT_TOKEN" |
  curl --silent --show-error --config - \
    --data-urlencode "url=${webhook_url}" \
    --data-urlencode "secret_token=${TELEGRAM_WEBHOOK_SECRET}")
case "$response" in
  *'"ok":true'* | *'"ok": true'*) echo "Telegram webhook set to ${webhook_url}" ;;
  *) echo "Telegram setWebhook failed: ${response}" >&2; exit 1 ;;
esac
