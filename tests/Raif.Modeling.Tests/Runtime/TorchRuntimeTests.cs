using Raif.Modeling.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void Native_library_loads_and_autograd_computes_a_known_gradient()
    {
        TorchRuntime.EnsureAvailable();
        using var scope = NewDisposeScope();

        // f(x) = sum(x^2 * w) with w = [1, 2, 3]; df/dx = 2 * x * w. Hand value at x = [1, -2, 0.5]: [2, -8, 3].
        var x = tensor(new float[] { 1f, -2f, 0.5f }, requires_grad: true);
        var w = tensor(new float[] { 1f, 2f, 3f });
        var f = (x.pow(2) * w).sum();
        f.backward();

        Assert.Equal(1f * 1 + 4f * 2 + 0.25f * 3, f.item<float>(), 1e-5);
        Assert.Equal(new[] { 2f, -8f, 3f }, x.grad!.data<float>().ToArray());
    }

    [Fact]
    public void Matrix_product_matches_a_hand_calculation()
    {
        TorchRuntime.EnsureAvailable();
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4 }, 2, 2);
        var b = tensor(new float[] { 5, 6, 7, 8 }, 2, 2);
        // [[1*5+2*7, 1*6+2*8], [3*5+4*7, 3*6+4*8]]
        Assert.Equal(new float[] { 19, 22, 43, 50 }, matmul(a, b).data<float>().ToArray());
    }

    [Fact]
    public void Libtorchsharp_in_the_output_folder_has_its_glibcxx_3_4_32_need_marked_weak()
    {
        string lib = Path.Combine(AppContext.BaseDirectory, TorchRuntime.NativeLibraryName);
        Assert.True(File.Exists(lib), $"{lib} should be copied next to the tests");
        Assert.True(ElfVersionNeeds.IsWeak(lib, "GLIBCXX_3.4.32"));
    }
}
