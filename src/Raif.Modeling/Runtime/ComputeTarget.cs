using TorchSharp;
using static TorchSharp.torch;

namespace Raif.Modeling.Runtime;

/// <summary>Parses the <c>--device</c> and <c>--dtype</c> values.</summary>
public static class ComputeTarget
{
    /// <summary>"cpu", "cuda" or "cuda:N". CUDA needs the CUDA builds of TorchSharp/libtorch, which this build lacks.</summary>
    public static Device ParseDevice(string name)
    {
        TorchRuntime.EnsureAvailable();
        string n = name.Trim().ToLowerInvariant();
        if (n == "cpu")
            return CPU;
        if (n == "cuda" || n.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
                throw new ArgumentException($"device '{name}': CUDA is not available (this build references the CPU libtorch; use TorchSharp-cuda-linux and libtorch-cuda for GPUs)");
            return new Device(n);
        }
        throw new ArgumentException($"unknown device '{name}'; use cpu, cuda or cuda:N");
    }

    /// <summary>float32 / fp32, bfloat16 / bf16, float16 / fp16 / half.</summary>
    public static ScalarType ParseDType(string name) => name.Trim().ToLowerInvariant() switch
    {
        "float32" or "fp32" or "f32" or "float" => ScalarType.Float32,
        "bfloat16" or "bf16" => ScalarType.BFloat16,
        "float16" or "fp16" or "f16" or "half" => ScalarType.Float16,
        _ => throw new ArgumentException($"unknown dtype '{name}'; use float32, bfloat16 or float16"),
    };

    /// <summary>The name config.json uses for a dtype (torch_dtype).</summary>
    public static string ConfigName(ScalarType type) => type switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Float16 => "float16",
        _ => throw new ArgumentException($"dtype {type} is not a model dtype"),
    };
}
