<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>model_store</name>
    <message>
        <source>Could not open the chat history at {path}: {reason}.</source>
        <translation>无法打开位于 {path} 的对话记录：{reason}。</translation>
    </message>
    <message>
        <source>Could not read the chat history at {path}: {reason}.</source>
        <translation>无法读取位于 {path} 的对话记录：{reason}。</translation>
    </message>
    <message>
        <source>Could not save to the chat history at {path}: {reason}.</source>
        <translation>无法保存到位于 {path} 的对话记录：{reason}。</translation>
    </message>
    <message>
        <source>Could not tidy the chat history at {path}: {reason}.</source>
        <translation>无法整理位于 {path} 的对话记录：{reason}。</translation>
    </message>
    <message>
        <source>The chat history is closed.</source>
        <translation>对话记录已关闭。</translation>
    </message>
    <message>
        <source>This history was written by a newer Hearth (schema version {found}; this one understands up to {latest}). Update Hearth to open {path}.</source>
        <translation>这份对话记录由更新版本的 Hearth 写入（结构版本 {found}；当前版本最高只能识别 {latest}）。请更新 Hearth 后再打开 {path}。</translation>
    </message>
    <message>
        <source>The chat history at {path} is damaged or is not a Hearth history file.</source>
        <translation>位于 {path} 的对话记录已损坏，或者不是 Hearth 的对话记录文件。</translation>
    </message>
    <message>
        <source>This conversation is {tokens} tokens long but the model&apos;s context holds {size}. Start a new chat, raise the context length, or let Hearth leave out the oldest messages (chat settings).</source>
        <translation>这段对话有 {tokens} 个 token，但模型的上下文只能容纳 {size} 个。请开始新对话、调大上下文长度，或者让 Hearth 略去最早的消息（在对话设置中）。</translation>
    </message>
    <message>
        <source>The oldest message is outside what the model can see; it still reads the system prompt and everything after it.</source>
        <translation>最早的一条消息已超出模型能看到的范围；模型仍会读取系统提示词以及之后的全部内容。</translation>
    </message>
    <message>
        <source>The oldest {count} messages are outside what the model can see; it still reads the system prompt and everything after them.</source>
        <translation>最早的 {count} 条消息已超出模型能看到的范围；模型仍会读取系统提示词以及之后的全部内容。</translation>
    </message>
    <message>
        <source>Your last message and the system prompt alone take {tokens} tokens, but the model&apos;s context holds {size} and needs room left for the answer. Shorten the message, or raise the context length.</source>
        <translation>仅您的最后一条消息和系统提示词就占了 {tokens} 个 token，而模型的上下文只能容纳 {size} 个，还要给回答留出空间。请缩短消息，或调大上下文长度。</translation>
    </message>
    <message>
        <source>The model stopped unexpectedly while writing the answer (llama.cpp error {code}). Try again, or start a new chat.</source>
        <translation>模型在生成回答时意外停止（llama.cpp 错误 {code}）。请重试，或开始新对话。</translation>
    </message>
    <message>
        <source>This branch starts {tokens} tokens into an answer to a {prompt}-token conversation: more than the model&apos;s context holds ({size}). Raise the context length, or branch earlier in the answer.</source>
        <translation>这个分支从一段 {prompt} token 对话的回答第 {tokens} 个 token 处开始，超出了模型上下文的容量（{size}）。请调大上下文长度，或在回答中更靠前的位置创建分支。</translation>
    </message>
    <message>
        <source>The prompt is {tokens} tokens long but the model&apos;s context holds {size}. Shorten it, or raise the context length.</source>
        <translation>提示词有 {tokens} 个 token，但模型的上下文只能容纳 {size} 个。请缩短提示词，或调大上下文长度。</translation>
    </message>
    <message>
        <source>Those tokens belong to another model; load the model that wrote the answer, or branch from its text.</source>
        <translation>这些 token 属于另一个模型；请加载写出这条回答的模型，或从回答的文字创建分支。</translation>
    </message>
    <message>
        <source>No model is loaded yet. Pick one from the model menu.</source>
        <translation>还没有加载模型。请从模型菜单中选择一个。</translation>
    </message>
    <message>
        <source>{name} at a context of {n_ctx} tokens {estimate}. Choose a smaller context length or a smaller model.</source>
        <translation>{name} 在 {n_ctx} token 的上下文下{estimate}。请选择更小的上下文长度或更小的模型。</translation>
    </message>
    <message>
        <source>not enough memory</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <source>{name} loaded, but its context could not be created with a {kv_type} KV cache ({reason}). Choose the f16 KV cache or a smaller context length.</source>
        <translation>{name} 已加载，但无法用 {kv_type} KV 缓存创建上下文（{reason}）。请选择 f16 KV 缓存或更小的上下文长度。</translation>
    </message>
    <message>
        <source>{name} loaded, but a context of {n_ctx} tokens could not be created ({reason}). Try a smaller context length.</source>
        <translation>{name} 已加载，但无法创建 {n_ctx} token 的上下文（{reason}）。请尝试更小的上下文长度。</translation>
    </message>
    <message>
        <source>This build of llama.cpp cannot keep the KV cache as {kv_type}. Choose f16.</source>
        <translation>此版本的 llama.cpp 无法以 {kv_type} 格式保存 KV 缓存。请选择 f16。</translation>
    </message>
    <message>
        <source>{name} cannot keep its KV cache as {kv_type}: its attention rows ({k} and {v} values) are not whole blocks of {block}. Choose f16.</source>
        <translation>{name} 无法以 {kv_type} 格式保存 KV 缓存：它的注意力行（{k} 和 {v} 个值）不是 {block} 的整数倍。请选择 f16。</translation>
    </message>
    <message>
        <source>The model file {path} does not exist. It may have been moved or deleted; pick another model or import it again.</source>
        <translation>模型文件 {path} 不存在，可能已被移动或删除。请选择其他模型，或重新导入。</translation>
    </message>
    <message>
        <source>{path} is a folder, not a model file. Choose the .gguf file inside it.</source>
        <translation>{path} 是一个文件夹，不是模型文件。请选择其中的 .gguf 文件。</translation>
    </message>
    <message>
        <source>Hearth cannot read {name}: {reason}.</source>
        <translation>Hearth 无法读取 {name}：{reason}。</translation>
    </message>
    <message>
        <source>{name} is empty (0 bytes): the download or copy probably failed. Delete it and get it again.</source>
        <translation>{name} 是空文件（0 字节），下载或复制可能失败了。请删除它并重新获取。</translation>
    </message>
    <message>
        <source>{name} is not a GGUF model file. Hearth runs .gguf files; convert or download the model in GGUF format.</source>
        <translation>{name} 不是 GGUF 模型文件。Hearth 运行 .gguf 文件；请转换或下载 GGUF 格式的模型。</translation>
    </message>
    <message>
        <source>{host} has no model named “{model}” (it serves: {models}).</source>
        <translation>{host} 上没有名为“{model}”的模型（它提供的是：{models}）。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>The remote engine makes the prompt from these messages with its own template; Hearth cannot show its exact text.</source>
        <translation>远程引擎用它自己的模板把这些消息拼成提示词；Hearth 无法显示其确切文本。</translation>
    </message>
    <message>
        <source>A remote engine uses its own chat template; change it on that server.</source>
        <translation>远程引擎使用它自己的对话模板；请在那台服务器上修改。</translation>
    </message>
    <message>
        <source>Choose a model of the remote engine first.</source>
        <translation>请先选择远程引擎的一个模型。</translation>
    </message>
    <message>
        <source>Continuing an answer, or branching it from a token, needs a model on this computer: a remote engine always starts its answer afresh.</source>
        <translation>继续生成回答或从某个 token 创建分支，需要本机上的模型：远程引擎总是从头开始生成回答。</translation>
    </message>
    <message>
        <source>The connection to {host} ended before the answer did; what arrived is kept.</source>
        <translation>与 {host} 的连接在回答结束前就断开了；已收到的内容会保留。</translation>
    </message>
    <message>
        <source>“{url}” is not a server address; it looks like http://host:8080.</source>
        <translation>“{url}”不是服务器地址；地址的格式类似 http://host:8080。</translation>
    </message>
    <message>
        <source>{host} answered, but not like an OpenAI-compatible server (GET /v1/models gave no model list).</source>
        <translation>{host} 有响应，但不像是兼容 OpenAI 的服务器（GET /v1/models 没有返回模型列表）。</translation>
    </message>
    <message>
        <source>{host} did not answer in time. Is it busy, or behind a firewall?</source>
        <translation>{host} 没有及时响应。它是否正忙，或者在防火墙后面？</translation>
    </message>
    <message>
        <source>Hearth could not reach {host} ({reason}). Is the server running, and is the address right?</source>
        <translation>Hearth 无法连接 {host}（{reason}）。服务器是否在运行，地址是否正确？</translation>
    </message>
    <message>
        <source>{host} refused the API key (HTTP {status}). Set the right one with Models → Remote engines → Change API key…</source>
        <translation>{host} 拒绝了 API 密钥（HTTP {status}）。请通过“模型 → 远程引擎 → 更改 API 密钥…”设置正确的密钥。</translation>
    </message>
    <message>
        <source>{host} does not have that model or endpoint (HTTP 404): {message}.</source>
        <translation>{host} 上没有这个模型或接口（HTTP 404）：{message}。</translation>
    </message>
    <message>
        <source>{host} does not have that model or endpoint (HTTP 404).</source>
        <translation>{host} 上没有这个模型或接口（HTTP 404）。</translation>
    </message>
    <message>
        <source>{host} is busy (HTTP {status}); try again in a moment.</source>
        <translation>{host} 正忙（HTTP {status}）；请稍后重试。</translation>
    </message>
    <message>
        <source>{host} refused the request: {message}.</source>
        <translation>{host} 拒绝了请求：{message}。</translation>
    </message>
    <message>
        <source>{host} refused the request: bad request.</source>
        <translation>{host} 拒绝了请求：请求无效。</translation>
    </message>
    <message>
        <source>{host} failed (HTTP {status}): {message}.</source>
        <translation>{host} 出错（HTTP {status}）：{message}。</translation>
    </message>
    <message>
        <source>{host} failed (HTTP {status}).</source>
        <translation>{host} 出错（HTTP {status}）。</translation>
    </message>
    <message>
        <source>{host} sent something that is not an OpenAI stream; the answer so far is kept.</source>
        <translation>{host} 发来的不是 OpenAI 格式的流；目前的回答会保留。</translation>
    </message>
    <message>
        <source>{host} stopped with an error: {message}</source>
        <translation>{host} 因错误而停止：{message}</translation>
    </message>
    <message>
        <source>The connection to {host} dropped in the middle of the answer; what arrived is kept.</source>
        <translation>与 {host} 的连接在回答中途中断；已收到的内容会保留。</translation>
    </message>
    <message>
        <source>{host} stopped sending the answer; what arrived is kept.</source>
        <translation>{host} 停止发送回答；已收到的内容会保留。</translation>
    </message>
    <message>
        <source>The connection to {host} closed in the middle of the answer; what arrived is kept.</source>
        <translation>与 {host} 的连接在回答中途关闭；已收到的内容会保留。</translation>
    </message>
    <message>
        <source>Remote engines are not available here; choose a model file.</source>
        <translation>这里不能使用远程引擎；请选择一个模型文件。</translation>
    </message>
    <message>
        <source>Hearth hit an unexpected problem. Details are in the log.</source>
        <translation>Hearth 遇到了意外问题。详细信息见日志。</translation>
    </message>
    <message>
        <source>{name} is already being made. Wait for it to finish, or choose another output name.</source>
        <translation>{name} 正在生成中。请等它完成，或换一个输出文件名。</translation>
    </message>
    <message>
        <source>Give the remote engine a name, e.g. “GPU server”.</source>
        <translation>请为远程引擎起个名字，例如“GPU 服务器”。</translation>
    </message>
    <message>
        <source>A name has at most {n} characters and no “/”.</source>
        <translation>名称最多 {n} 个字符，且不能包含“/”。</translation>
    </message>
    <message>
        <source>There is already a remote engine called “{name}”.</source>
        <translation>已经有一个名为“{name}”的远程引擎。</translation>
    </message>
    <message>
        <source>There is no remote engine called “{name}” any more. Add it again with Models → Add a remote engine…</source>
        <translation>名为“{name}”的远程引擎已不存在。请通过“模型 → 添加远程引擎…”重新添加。</translation>
    </message>
    <message>
        <source>Serving at {url}</source>
        <translation>正在 {url} 提供服务</translation>
    </message>
    <message>
        <source>Hearth hit an unexpected problem while loading the model. Details are in the log.</source>
        <translation>Hearth 在加载模型时遇到了意外问题。详细信息见日志。</translation>
    </message>
    <message>
        <source>Hearth hit an unexpected problem while answering. Details are in the log.</source>
        <translation>Hearth 在生成回答时遇到了意外问题。详细信息见日志。</translation>
    </message>
    <message>
        <source>Load a model before changing its chat template.</source>
        <translation>请先加载模型，再修改它的对话模板。</translation>
    </message>
    <message>
        <source>Hearth could not use that template ({error}).</source>
        <translation>Hearth 无法使用这个模板（{error}）。</translation>
    </message>
    <message>
        <source>There is no free disk space left for {name}. Free some space, then resume the download.</source>
        <translation>磁盘已没有空间存放 {name}。请腾出一些空间，然后继续下载。</translation>
    </message>
    <message>
        <source>Hearth couldn&apos;t write {name} to disk. Check the models folder, then resume the download.</source>
        <translation>Hearth 无法把 {name} 写入磁盘。请检查模型文件夹，然后继续下载。</translation>
    </message>
    <message>
        <source>The download failed unexpectedly. Try again; if it keeps failing, see the log for details.</source>
        <translation>下载意外失败。请重试；如果一直失败，请查看日志了解详情。</translation>
    </message>
    <message>
        <source>There is no free disk space left in {folder}, so Hearth can&apos;t download there. Free some disk space, then try again.</source>
        <translation>{folder} 所在磁盘已没有可用空间，Hearth 无法下载到那里。请腾出一些磁盘空间，然后重试。</translation>
    </message>
    <message>
        <source>Hearth couldn&apos;t write to {folder}, so it can&apos;t download there. Check that the folder exists and that you may write to it, then try again.</source>
        <translation>Hearth 无法写入 {folder}，因此无法下载到那里。请确认该文件夹存在且您有写入权限，然后重试。</translation>
    </message>
    <message>
        <source>context {size}</source>
        <translation>上下文 {size}</translation>
    </message>
    <message>
        <source>context {size} as {kv_type}</source>
        <translation>上下文 {size}（{kv_type}）</translation>
    </message>
    <message>
        <source>{size} is free</source>
        <translation>可用 {size}</translation>
    </message>
    <message>
        <source>an unknown amount is free</source>
        <translation>可用量未知</translation>
    </message>
    <message>
        <source>needs about {needed} of memory, up to {peak} with a full context (weights {weights}, {cache}); {free}</source>
        <translation>需要约 {needed} 内存，上下文满时最多 {peak}（权重 {weights}，{cache}）；{free}</translation>
    </message>
    <message>
        <source>needs about {needed} of memory (weights {weights}, {cache}); {free}</source>
        <translation>需要约 {needed} 内存（权重 {weights}，{cache}）；{free}</translation>
    </message>
    <message>
        <source>{estimate} (unified memory, shared with the GPU)</source>
        <translation>{estimate}（统一内存，与 GPU 共用）</translation>
    </message>
    <message>
        <source>{estimate}; the GPU has {vram}</source>
        <translation>{estimate}；GPU 有 {vram}</translation>
    </message>
    <message>
        <source>unified with RAM</source>
        <translation>与内存共用</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>{name} has an impossible shard number. Rename it or download it again.</source>
        <translation>{name} 的分片编号不合理。请重命名或重新下载。</translation>
    </message>
    <message>
        <source>Shard {shard} of this split model is missing. Download or copy it next to {name} and try again.</source>
        <translation>这个分片模型缺少分片 {shard}。请下载或复制到 {name} 旁边，然后重试。</translation>
    </message>
    <message>
        <source>The file {shard} is missing. Download or copy it next to {name} and try again.</source>
        <translation>缺少文件 {shard}。请下载或复制到 {name} 旁边，然后重试。</translation>
    </message>
    <message>
        <source>{name} says it has {count} shards but its name says {named}. Download the model again.</source>
        <translation>{name} 内部记录有 {count} 个分片，但文件名表明有 {named} 个。请重新下载模型。</translation>
    </message>
    <message>
        <source>{name} is not a readable GGUF model file: the download may be incomplete or the file damaged. Download it again.</source>
        <translation>{name} 不是可读取的 GGUF 模型文件：可能下载不完整或文件已损坏。请重新下载。</translation>
    </message>
    <message>
        <source>Hearth cannot read {name}: {reason}. Check the file&apos;s permissions and that its drive is connected.</source>
        <translation>Hearth 无法读取 {name}：{reason}。请检查文件权限，并确认它所在的磁盘已连接。</translation>
    </message>
    <message>
        <source>{name} is not a GGUF model file. Hearth runs .gguf files; download the model in GGUF format.</source>
        <translation>{name} 不是 GGUF 模型文件。Hearth 运行 .gguf 文件；请下载 GGUF 格式的模型。</translation>
    </message>
    <message>
        <source>{name} uses GGUF version {version}, which Hearth cannot read. Download a current GGUF version of the model.</source>
        <translation>{name} 使用的是 GGUF 版本 {version}，Hearth 无法读取。请下载该模型当前 GGUF 版本的文件。</translation>
    </message>
    <message>
        <source>{name} contains no model weights (no tensors). It may be a vocabulary-only file; choose the model&apos;s full .gguf file.</source>
        <translation>{name} 不包含模型权重（没有张量），可能只是词表文件；请选择该模型完整的 .gguf 文件。</translation>
    </message>
    <message>
        <source>{name} is shorter than its header says: the download was probably interrupted. Download it again.</source>
        <translation>{name} 比文件头记录的要短：下载可能中断了。请重新下载。</translation>
    </message>
    <message>
        <source>Hearth can&apos;t reach the Hugging Face Hub. Check your internet connection (and proxy settings), then try again; models already downloaded keep working offline.</source>
        <translation>Hearth 无法连接 Hugging Face Hub。请检查网络连接（以及代理设置）后重试；已下载的模型离线也能继续使用。</translation>
    </message>
    <message>
        <source>The Hugging Face Hub sent an answer Hearth doesn&apos;t understand. Try again later.</source>
        <translation>Hugging Face Hub 返回了 Hearth 无法理解的响应。请稍后重试。</translation>
    </message>
    <message>
        <source>“{repo}” is not a Hugging Face model name; names look like “owner/model-GGUF”.</source>
        <translation>“{repo}”不是 Hugging Face 模型名称；名称的格式类似“owner/model-GGUF”。</translation>
    </message>
    <message>
        <source>This model is gated: accept its license on huggingface.co/{repo} with the account whose access token is in Settings, then try again.</source>
        <translation>这是一个受限模型：请用设置中访问令牌所属的账号在 huggingface.co/{repo} 上接受它的许可协议，然后重试。</translation>
    </message>
    <message>
        <source>This model is gated: accept its license on huggingface.co/{repo}, then paste an access token in Settings (a free Hugging Face account is enough) and try again.</source>
        <translation>这是一个受限模型：请在 huggingface.co/{repo} 上接受它的许可协议，然后在设置中粘贴访问令牌（免费的 Hugging Face 账号即可），再重试。</translation>
    </message>
    <message>
        <source>this model</source>
        <translation>此模型</translation>
    </message>
    <message>
        <source>{repo} has no such version on the Hugging Face Hub; reload its file list.</source>
        <translation>Hugging Face Hub 上的 {repo} 没有这个版本；请重新加载它的文件列表。</translation>
    </message>
    <message>
        <source>That file is no longer in {repo}; reload its file list.</source>
        <translation>{repo} 中已没有该文件；请重新加载它的文件列表。</translation>
    </message>
    <message>
        <source>Hearth can&apos;t find the model {repo} on the Hugging Face Hub. Check the name.</source>
        <translation>Hearth 在 Hugging Face Hub 上找不到模型 {repo}。请检查名称。</translation>
    </message>
    <message>
        <source>Hearth can&apos;t find the model {repo} on the Hugging Face Hub. Check the name. If it is a private model, paste an access token in Settings.</source>
        <translation>Hearth 在 Hugging Face Hub 上找不到模型 {repo}。请检查名称。如果是私有模型，请在设置中粘贴访问令牌。</translation>
    </message>
    <message>
        <source>The Hugging Face access token in Settings was refused. Paste a new token or remove it, then try again.</source>
        <translation>设置中的 Hugging Face 访问令牌被拒绝。请粘贴新的令牌或将其删除，然后重试。</translation>
    </message>
    <message>
        <source>Your access token isn&apos;t allowed to read {repo}. Request access on huggingface.co/{repo} or use a token with read access.</source>
        <translation>您的访问令牌无权读取 {repo}。请在 huggingface.co/{repo} 上申请访问权限，或使用具有读取权限的令牌。</translation>
    </message>
    <message>
        <source>The Hugging Face Hub is limiting requests right now. Wait a minute and try again.</source>
        <translation>Hugging Face Hub 目前正在限制请求。请等一分钟后重试。</translation>
    </message>
    <message>
        <source>The Hugging Face Hub is having trouble right now. Try again in a few minutes.</source>
        <translation>Hugging Face Hub 目前出了点问题。请过几分钟再试。</translation>
    </message>
    <message>
        <source>The Hugging Face Hub refused the request. Try again later.</source>
        <translation>Hugging Face Hub 拒绝了请求。请稍后重试。</translation>
    </message>
    <message>
        <source>{name} is Hearth&apos;s built-in starter model and cannot be removed; it takes no space in your models folder.</source>
        <translation>{name} 是 Hearth 内置的入门模型，无法删除；它不占用模型文件夹的空间。</translation>
    </message>
    <message>
        <source>Hearth could not delete {name}: {reason}. Close any program using it and try again.</source>
        <translation>Hearth 无法删除 {name}：{reason}。请关闭正在使用它的程序，然后重试。</translation>
    </message>
    <message>
        <source>The import of {name} was cancelled; nothing was kept.</source>
        <translation>{name} 的导入已取消；没有保留任何内容。</translation>
    </message>
    <message>
        <source>Hearth could not copy {name} into its models folder: {reason}. Check free disk space, or link the file in place.</source>
        <translation>Hearth 无法把 {name} 复制到模型文件夹：{reason}。请检查磁盘可用空间，或改为原地链接该文件。</translation>
    </message>
    <message>
        <source>practically the same as the original; half the size of F16</source>
        <translation>与原版几乎相同；大小是 F16 的一半</translation>
    </message>
    <message>
        <source>very close to the original</source>
        <translation>非常接近原版</translation>
    </message>
    <message>
        <source>very good; a little larger than Q5_K_S</source>
        <translation>很好；比 Q5_K_S 稍大</translation>
    </message>
    <message>
        <source>very good</source>
        <translation>很好</translation>
    </message>
    <message>
        <source>good; the usual balance of size and quality</source>
        <translation>好；大小与质量的常用平衡点</translation>
    </message>
    <message>
        <source>good; a little smaller and worse than Q4_K_M</source>
        <translation>好；比 Q4_K_M 稍小，质量稍差</translation>
    </message>
    <message>
        <source>fair; an older format, fast on some hardware</source>
        <translation>一般；较旧的格式，在部分硬件上较快</translation>
    </message>
    <message>
        <source>noticeably worse; for when memory is tight</source>
        <translation>明显变差；适合内存紧张时使用</translation>
    </message>
    <message>
        <source>much worse; a last resort</source>
        <translation>差很多；最后的选择</translation>
    </message>
    <message>
        <source>much worse; needs an importance matrix</source>
        <translation>差很多；需要重要性矩阵</translation>
    </message>
    <message>
        <source>poor without care; needs an importance matrix</source>
        <translation>处理不当时很差；需要重要性矩阵</translation>
    </message>
    <message>
        <source>very poor; needs an importance matrix</source>
        <translation>很差；需要重要性矩阵</translation>
    </message>
    <message>
        <source>That output name has no usable characters. Choose a name such as model-Q4_K_M.gguf.</source>
        <translation>这个输出文件名没有可用的字符。请换一个名称，例如 model-Q4_K_M.gguf。</translation>
    </message>
    <message>
        <source>No model called “{name}” in your Library. See the Library list for names.</source>
        <translation>模型库中没有名为“{name}”的模型。可在模型库列表中查看名称。</translation>
    </message>
    <message>
        <source>Hearth doesn&apos;t know the quantization type “{qtype}”. Choose one of {types}.</source>
        <translation>Hearth 不认识量化类型“{qtype}”。请从以下类型中选择：{types}。</translation>
    </message>
    <message>
        <source>{qtype} needs an importance matrix, which Hearth can&apos;t make yet. Choose Q2_K or a larger type.</source>
        <translation>{qtype} 需要重要性矩阵，而 Hearth 目前还无法生成。请选择 Q2_K 或更大的类型。</translation>
    </message>
    <message>
        <source>The file of {name} is missing ({path}). Reconnect its drive, or remove it from the Library.</source>
        <translation>{name} 的文件不见了（{path}）。请重新连接它所在的磁盘，或将它从模型库中移除。</translation>
    </message>
    <message>
        <source>{name} can&apos;t be quantized: {reason}</source>
        <translation>{name} 无法量化：{reason}</translation>
    </message>
    <message>
        <source>{name} is already {qtype}. Choose another type.</source>
        <translation>{name} 已经是 {qtype}。请选择其他类型。</translation>
    </message>
    <message>
        <source>{name} is already quantized ({qtype}); quantizing it again loses quality. Start from an F16 or BF16 file, or allow requantizing.</source>
        <translation>{name} 已经量化过（{qtype}）；再次量化会损失质量。请从 F16 或 BF16 文件开始，或允许重新量化。</translation>
    </message>
    <message>
        <source>unknown type</source>
        <translation>未知类型</translation>
    </message>
    <message>
        <source>{name} is already quantized ({current}). Requantizing it to {qtype} costs quality: new rounding errors add to the old ones, so the result is worse than one made from the original F16/BF16 weights, and more bits cannot win back what the source has lost.</source>
        <translation>{name} 已经量化过（{current}）。重新量化为 {qtype} 会损失质量：新的舍入误差叠加在旧误差之上，结果比从原始 F16/BF16 权重量化得到的更差，而且更多的位数也找不回源文件已经丢失的精度。</translation>
    </message>
    <message>
        <source>{name} is already quantized ({current}). Requantizing it to {qtype} costs quality: new rounding errors add to the old ones, so the result is worse than one made from the original F16/BF16 weights.</source>
        <translation>{name} 已经量化过（{current}）。重新量化为 {qtype} 会损失质量：新的舍入误差叠加在旧误差之上，结果比从原始 F16/BF16 权重量化得到的更差。</translation>
    </message>
    <message>
        <source>There is already a file called {name} in {folder}. Choose another name.</source>
        <translation>{folder} 中已有名为 {name} 的文件。请换一个名称。</translation>
    </message>
    <message>
        <source>Quantizing {name} to {qtype} needs {needed} but only {free} is free in {folder}. Free some space and try again.</source>
        <translation>把 {name} 量化为 {qtype} 需要 {needed}，但 {folder} 只剩 {free} 可用。请腾出一些空间后重试。</translation>
    </message>
    <message>
        <source>Hearth could not quantize {name} to {qtype}: it is already quantized. Allow requantizing to go ahead anyway.</source>
        <translation>Hearth 无法把 {name} 量化为 {qtype}：它已经量化过。如仍要继续，请允许重新量化。</translation>
    </message>
    <message>
        <source>Hearth could not quantize {name} to {qtype}: this type needs an importance matrix. Choose a larger type.</source>
        <translation>Hearth 无法把 {name} 量化为 {qtype}：这种类型需要重要性矩阵。请选择更大的类型。</translation>
    </message>
    <message>
        <source>Hearth could not quantize {name} to {qtype}: writing the file failed, probably because the disk is full. Free some space and try again.</source>
        <translation>Hearth 无法把 {name} 量化为 {qtype}：写入文件失败，可能是磁盘已满。请腾出一些空间后重试。</translation>
    </message>
    <message>
        <source>Hearth could not quantize {name} to {qtype}: the quantizer stopped unexpectedly. The computer may have run out of memory; close other programs and try again.</source>
        <translation>Hearth 无法把 {name} 量化为 {qtype}：量化程序意外停止，电脑可能内存不足。请关闭其他程序后重试。</translation>
    </message>
    <message>
        <source>Hearth could not quantize {name} to {qtype}: llama.cpp reported an error. The file may be damaged, or of a kind this version of llama.cpp can&apos;t quantize.</source>
        <translation>Hearth 无法把 {name} 量化为 {qtype}：llama.cpp 报告了错误。文件可能已损坏，或者是此版本 llama.cpp 无法量化的类型。</translation>
    </message>
    <message>
        <source>A file called {name} appeared in {folder} meanwhile. Choose another name.</source>
        <translation>在此期间 {folder} 中出现了名为 {name} 的文件。请换一个名称。</translation>
    </message>
    <message>
        <source>Hearth could not run the quantizer or place its output: {reason}.</source>
        <translation>Hearth 无法运行量化程序或放置其输出：{reason}。</translation>
    </message>
    <message>
        <source>The quantized {name} could not be added to the Library: {reason}</source>
        <translation>量化后的 {name} 无法添加到模型库：{reason}</translation>
    </message>
    <message>
        <source>Hearth is shutting down; the quantization was not started.</source>
        <translation>Hearth 正在退出；量化没有开始。</translation>
    </message>
    <message>
        <source>The quantization failed unexpectedly.</source>
        <translation>量化意外失败。</translation>
    </message>
    <message>
        <source>Hearth can&apos;t write to {folder}: {reason}. Check the folder&apos;s permissions and free space.</source>
        <translation>Hearth 无法写入 {folder}：{reason}。请检查该文件夹的权限和可用空间。</translation>
    </message>
    <message>
        <source>Another quantization is writing {name} right now. Wait for it to finish, or choose another output name.</source>
        <translation>另一个量化任务正在写入 {name}。请等它完成，或换一个输出文件名。</translation>
    </message>
    <message>
        <source>It needs about {needed} of memory and fits comfortably in this computer&apos;s {memory}, and should write about {words} words a second here.</source>
        <translation>它需要约 {needed} 内存，在这台电脑的 {memory} 内存中绰绰有余，在这里每秒大约能写 {words} 个字。</translation>
    </message>
    <message>
        <source>It needs about {needed} of memory and fits comfortably in this computer&apos;s {memory}.</source>
        <translation>它需要约 {needed} 内存，在这台电脑的 {memory} 内存中绰绰有余。</translation>
    </message>
    <message>
        <source>It needs about {needed} of memory and fits comfortably in this computer&apos;s memory, and should write about {words} words a second here.</source>
        <translation>它需要约 {needed} 内存，这台电脑的内存绰绰有余，在这里每秒大约能写 {words} 个字。</translation>
    </message>
    <message>
        <source>It needs about {needed} of memory and fits comfortably in this computer&apos;s memory.</source>
        <translation>它需要约 {needed} 内存，这台电脑的内存绰绰有余。</translation>
    </message>
    <message>
        <source>{path} is a folder; choose the .gguf file inside it.</source>
        <translation>{path} 是一个文件夹；请选择其中的 .gguf 文件。</translation>
    </message>
    <message>
        <source>{name} is Hearth&apos;s built-in starter model and cannot be removed.</source>
        <translation>{name} 是 Hearth 内置的入门模型，无法删除。</translation>
    </message>
    <message>
        <source>Hearth could not save the Library list in {folder}: {reason}. Check free disk space and permissions.</source>
        <translation>Hearth 无法在 {folder} 中保存模型库列表：{reason}。请检查磁盘可用空间和权限。</translation>
    </message>
    <message>
        <source>There is not enough free disk space to copy {name} ({needed} needed, {free} free). Free some space, or link the file in place.</source>
        <translation>磁盘空间不足，无法复制 {name}（需要 {needed}，可用 {free}）。请腾出一些空间，或改为原地链接该文件。</translation>
    </message>
    <message>
        <source>The built-in starter model is not installed. Reinstall Hearth, or pass --model with a .gguf file.</source>
        <translation>内置的入门模型没有安装。请重新安装 Hearth，或用 --model 指定一个 .gguf 文件。</translation>
    </message>
    <message>
        <source>{path} is a folder; choose a .gguf file inside it.</source>
        <translation>{path} 是一个文件夹；请选择其中的一个 .gguf 文件。</translation>
    </message>
    <message>
        <source>none installed</source>
        <translation>尚未安装任何模型</translation>
    </message>
    <message>
        <source>The model file {path} does not exist. Check the path, or use one of the known models: {names}.</source>
        <translation>模型文件 {path} 不存在。请检查路径，或使用已知的模型之一：{names}。</translation>
    </message>
    <message>
        <source>No model called “{name}” and no such file. Known models: {names}.</source>
        <translation>没有名为“{name}”的模型，也没有这个文件。已知的模型：{names}。</translation>
    </message>
    <message>
        <source>&lt;1 word/s</source>
        <translation>&lt;1 字/秒</translation>
    </message>
    <message>
        <source>{n} words/s</source>
        <translation>{n} 字/秒</translation>
    </message>
    <message>
        <source>~{n} words/s</source>
        <translation>约 {n} 字/秒</translation>
    </message>
    <message>
        <source>Writing: {tok_s} tokens/s (about {words} words/s), measured on this computer</source>
        <translation>生成：{tok_s} token/秒（约 {words} 字/秒），在这台电脑上实测</translation>
    </message>
    <message>
        <source>Writing: {tok_s} tokens/s (about {words} words/s), estimated for this computer</source>
        <translation>生成：{tok_s} token/秒（约 {words} 字/秒），按这台电脑估算</translation>
    </message>
    <message>
        <source>Writing: {tok_s} tokens/s (about {words} words/s), a rough estimate: this computer&apos;s speed has not been measured yet</source>
        <translation>生成：{tok_s} token/秒（约 {words} 字/秒），粗略估算：还没有测量过这台电脑的速度</translation>
    </message>
    <message>
        <source>Reading a prompt: {tok_s} tokens/s</source>
        <translation>读取提示词：{tok_s} token/秒</translation>
    </message>
    <message>
        <source>Reads {size} of weights per token on the {device}</source>
        <translation>每个 token 在 {device} 上读取 {size} 权重</translation>
    </message>
    <message>
        <source>Corrected ×{factor} by the speed of models that ran here</source>
        <translation>已按在本机运行过的模型的速度校正 ×{factor}</translation>
    </message>
    <message>
        <source>Too slow to chat comfortably on this computer: choose a smaller file or model.</source>
        <translation>在这台电脑上太慢，无法流畅对话：请选择更小的文件或模型。</translation>
    </message>
    <message>
        <source>This file has no usable name, so Hearth won&apos;t save it.</source>
        <translation>这个文件没有可用的文件名，Hearth 不会保存它。</translation>
    </message>
    <message>
        <source>Not enough free disk space for {name}: it needs {needed} more and {free} are free. Free some space, then resume the download.</source>
        <translation>磁盘空间不足，无法存放 {name}：还需要 {needed}，目前可用 {free}。请腾出一些空间，然后继续下载。</translation>
    </message>
    <message>
        <source>{name} arrived with the wrong size, so Hearth deleted it. Try the download again.</source>
        <translation>{name} 下载后的大小不对，Hearth 已将其删除。请重新下载。</translation>
    </message>
    <message>
        <source>{name} didn&apos;t match the checksum published on the Hugging Face Hub, so Hearth deleted it. Try the download again; if it happens again, the file on the Hub may have changed.</source>
        <translation>{name} 与 Hugging Face Hub 上公布的校验和不一致，Hearth 已将其删除。请重新下载；如果再次出现，可能是 Hub 上的文件已更改。</translation>
    </message>
    <message>
        <source>{name} is already being downloaded by another Hearth window or command. Let that one finish.</source>
        <translation>{name} 正在由另一个 Hearth 窗口或命令下载。请等那边完成。</translation>
    </message>
    <message>
        <source>The download of {name} keeps failing. Check your internet connection and resume it later; what arrived so far is kept.</source>
        <translation>{name} 的下载一直失败。请检查网络连接，稍后继续下载；已下载的部分会保留。</translation>
    </message>
    <message>
        <source>{name} on the Hub is not the size its file list said. Reload the list and try again.</source>
        <translation>Hub 上 {name} 的大小与文件列表中的不一致。请重新加载列表后重试。</translation>
    </message>
    <message>
        <source>Hearth couldn&apos;t write {name} to disk. Check the models folder and resume the download.</source>
        <translation>Hearth 无法把 {name} 写入磁盘。请检查模型文件夹，然后继续下载。</translation>
    </message>
    <message>
        <source>{name} is no longer available on the Hugging Face Hub.</source>
        <translation>Hugging Face Hub 上已没有 {name}。</translation>
    </message>
    <message>
        <source>{name} is no longer available on the Hugging Face Hub. If it is a private model, paste an access token in Settings.</source>
        <translation>Hugging Face Hub 上已没有 {name}。如果是私有模型，请在设置中粘贴访问令牌。</translation>
    </message>
    <message>
        <source>The Hugging Face Hub refused the download of {name}. Try again later.</source>
        <translation>Hugging Face Hub 拒绝了 {name} 的下载。请稍后重试。</translation>
    </message>
</context>
</TS>
