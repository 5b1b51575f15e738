using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace SummaryBot.Functions.Tests.WorkerHost;

public static class WorkerAssert
{
    public static void Succeeded(InvocationResponse response) =>
        Assert.True(
            response.Result.Status == StatusResult.Types.Status.Success,
            $"The invocation failed: {response.Result.Exception?.Message}\n{response.Result.Exception?.StackTrace}");
}
