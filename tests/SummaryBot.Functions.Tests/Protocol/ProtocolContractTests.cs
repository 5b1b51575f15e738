using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using SummaryBot.Functions.Tests.WorkerHost;

namespace SummaryBot.Functions.Tests.Protocol;

/// <summary>
/// The test host speaks the protocol of the worker it drives: the descriptor its C# types are
/// generated from (Protocol/FunctionRpc.descriptor.txtpb) is the one embedded in the worker's
/// Microsoft.Azure.Functions.Worker.Grpc. A worker upgrade that changes the protocol fails here.
/// </summary>
public sealed class ProtocolContractTests
{
    private const string GrpcAssembly = "Microsoft.Azure.Functions.Worker.Grpc";

    [Fact]
    public void EmbeddedDescriptor_EqualsTheCheckedInProtocol()
    {
        var embedded = EmbeddedDescriptorSet();
        var checkedIn = FileDescriptorSet.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "FunctionRpc.pb")));

        if (!embedded.Equals(checkedIn))
        {
            var dump = Path.Combine(AppContext.BaseDirectory, "FunctionRpc.worker.pb");
            File.WriteAllBytes(dump, embedded.ToByteArray());
            Assert.Fail(
                $"The worker's protocol differs from Protocol/FunctionRpc.descriptor.txtpb. Its descriptor set is in {dump}; " +
                "replace the file with: protoc -I <Grpc.Tools>/build/native/include --decode=google.protobuf.FileDescriptorSet " +
                $"google/protobuf/descriptor.proto < {dump} (keep the header comment), then update the test host.");
        }

        Assert.Contains(checkedIn.File, file => file.Name == "FunctionRpc.proto" && file.Service.Any(service => service.Name == "FunctionRpc"));
    }

    [Fact]
    public void ReferencedGrpcAssembly_IsTheOneTheWorkerShips()
    {
        var referenced = typeof(ProtocolContractTests).Assembly.GetReferencedAssemblies().SingleOrDefault(name => name.Name == GrpcAssembly)
            ?? Assembly.Load(GrpcAssembly).GetName();
        var shipped = AssemblyName.GetAssemblyName(Path.Combine(FunctionsWorkerHost.WorkerDirectory, GrpcAssembly + ".dll"));

        Assert.Equal(shipped.Version, referenced.Version);
    }

    /// <summary>FunctionRpc.proto and its imports, dependencies first, as the worker compiled them.</summary>
    private static FileDescriptorSet EmbeddedDescriptorSet()
    {
        var reflection = Assembly.Load(GrpcAssembly).GetType("Microsoft.Azure.Functions.Worker.Grpc.Messages.FunctionRpcReflection", throwOnError: true)!;
        var descriptor = (FileDescriptor)reflection.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        var set = new FileDescriptorSet();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Add(descriptor);
        return set;

        void Add(FileDescriptor file)
        {
            if (!seen.Add(file.Name))
            {
                return;
            }

            foreach (var dependency in file.Dependencies)
            {
                Add(dependency);
            }

            set.File.Add(FileDescriptorProto.Parser.ParseFrom(file.SerializedData));
        }
    }
}
