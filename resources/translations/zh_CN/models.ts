<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>DiscoverTab</name>
    <message>
        <source>Search Hugging Face for GGUF models (e.g. qwen, llama, gemma)</source>
        <translation>在 Hugging Face 上搜索 GGUF 模型（例如 qwen、llama、gemma）</translation>
    </message>
    <message>
        <source>Search Hugging Face</source>
        <translation>搜索 Hugging Face</translation>
    </message>
    <message>
        <source>Type a model name; results appear after a short pause, Enter searches at once, Esc clears the field</source>
        <translation>输入模型名称；稍作停顿后显示结果，按 Enter 立即搜索，按 Esc 清空输入框</translation>
    </message>
    <message>
        <source>Clear search</source>
        <translation>清空搜索</translation>
    </message>
    <message>
        <source>Sort results</source>
        <translation>结果排序</translation>
    </message>
    <message>
        <source>The order of the search results</source>
        <translation>搜索结果的排列顺序</translation>
    </message>
    <message>
        <source>Most downloaded</source>
        <translation>下载最多</translation>
    </message>
    <message>
        <source>Most liked</source>
        <translation>点赞最多</translation>
    </message>
    <message>
        <source>Recently updated</source>
        <translation>最近更新</translation>
    </message>
    <message>
        <source>Searching</source>
        <translation>正在搜索</translation>
    </message>
    <message>
        <source>Search problem</source>
        <translation>搜索问题</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <source>Repositories on the Hugging Face Hub; pick one to see its files</source>
        <translation>Hugging Face Hub 上的仓库；选择一个即可查看其中的文件</translation>
    </message>
    <message>
        <source>Repository</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>下载量</translation>
    </message>
    <message>
        <source>Likes</source>
        <translation>点赞</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>No search results</source>
        <translation>没有搜索结果</translation>
    </message>
    <message>
        <source>Load more</source>
        <translation>加载更多</translation>
    </message>
    <message>
        <source>Load more results</source>
        <translation>加载更多结果</translation>
    </message>
    <message>
        <source>Show the next page of search results</source>
        <translation>显示下一页搜索结果</translation>
    </message>
    <message>
        <source>No models match “{query}” on the Hugging Face Hub. Try a shorter or different name.</source>
        <translation>Hugging Face Hub 上没有与“{query}”匹配的模型。请试试更短或不同的名称。</translation>
    </message>
    <message>
        <source>No GGUF models were found on the Hugging Face Hub.</source>
        <translation>在 Hugging Face Hub 上没有找到 GGUF 模型。</translation>
    </message>
    <message>
        <source>{repo} is gated: it needs an access token</source>
        <translation>{repo} 是受限仓库：需要访问令牌</translation>
    </message>
    <message>
        <source>{repo}  (gated)</source>
        <translation>{repo}（受限）</translation>
    </message>
    <message>
        <source>{repo} is private: it needs an access token</source>
        <translation>{repo} 是私有仓库：需要访问令牌</translation>
    </message>
    <message>
        <source>{repo}  (private)</source>
        <translation>{repo}（私有）</translation>
    </message>
</context>
<context>
    <name>DownloadsTab</name>
    <message>
        <source>No downloads yet. Find a model in Discover and click Download.</source>
        <translation>还没有下载。请在“发现”中找到模型，然后点击“下载”。</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
</context>
<context>
    <name>FitBadge</name>
    <message>
        <source>Hearth cannot tell how much memory this model needs.</source>
        <translation>Hearth 无法判断这个模型需要多少内存。</translation>
    </message>
    <message>
        <source>{Verdict}: {numbers}</source>
        <translation>{Verdict}：{numbers}</translation>
    </message>
    <message>
        <source>Fit: {verdict}</source>
        <translation>适配：{verdict}</translation>
    </message>
</context>
<context>
    <name>JobRow</name>
    <message>
        <source>Progress of {name}</source>
        <translation>{name} 的进度</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Pause {name}</source>
        <translation>暂停 {name}</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Resume {name}</source>
        <translation>继续下载 {name}</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel {name}</source>
        <translation>取消 {name}</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Retry {name}</source>
        <translation>重试 {name}</translation>
    </message>
    <message>
        <source>Enter access token…</source>
        <translation>输入访问令牌…</translation>
    </message>
    <message>
        <source>Enter access token for {name}</source>
        <translation>为 {name} 输入访问令牌</translation>
    </message>
    <message>
        <source>Show in Library</source>
        <translation>在模型库中显示</translation>
    </message>
    <message>
        <source>Show in Library {name}</source>
        <translation>在模型库中显示 {name}</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Clear {name} from the list</source>
        <translation>从列表中清除 {name}</translation>
    </message>
    <message>
        <source>Remove this row; the file stays in the Library</source>
        <translation>移除这一行；文件仍保留在模型库中</translation>
    </message>
    <message>
        <source>Stop this download and delete what was fetched</source>
        <translation>停止这次下载，并删除已下载的部分</translation>
    </message>
    <message>
        <source>Paste a Hugging Face access token that has access to this repository, then retry</source>
        <translation>粘贴一个有权访问此仓库的 Hugging Face 访问令牌，然后重试</translation>
    </message>
    <message>
        <source>{done} of {total} ({percent}%)</source>
        <translation>{done} / {total}（{percent}%）</translation>
    </message>
    <message>
        <source>The download failed.</source>
        <translation>下载失败。</translation>
    </message>
    <message>
        <source>State: {state}</source>
        <translation>状态：{state}</translation>
    </message>
</context>
<context>
    <name>LibraryTab</name>
    <message>
        <source>Filter models</source>
        <translation>筛选模型</translation>
    </message>
    <message>
        <source>Show only the models whose name, quantization or speed contains this text</source>
        <translation>只显示名称、量化类型或速度中包含这段文字的模型</translation>
    </message>
    <message>
        <source>Clear filter</source>
        <translation>清空筛选</translation>
    </message>
    <message>
        <source>Models on this computer</source>
        <translation>这台电脑上的模型</translation>
    </message>
    <message>
        <source>Pick a model to see its details; double-click to load it</source>
        <translation>选择一个模型查看详情；双击即可加载</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Quant</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适配</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>Load this model in the chat window</source>
        <translation>在对话窗口中加载这个模型</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Remove this model; only files Hearth owns are deleted</source>
        <translation>移除这个模型；只会删除 Hearth 自己拥有的文件</translation>
    </message>
    <message>
        <source>Delete model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <source>Reveal in file manager</source>
        <translation>在文件管理器中显示</translation>
    </message>
    <message>
        <source>Open the folder that holds this file</source>
        <translation>打开存放这个文件的文件夹</translation>
    </message>
    <message>
        <source>Quantize…</source>
        <translation>量化…</translation>
    </message>
    <message>
        <source>Make a quantized copy of this model on this computer (smaller when the model is not quantized yet)</source>
        <translation>在这台电脑上为这个模型制作一份量化副本（模型尚未量化时，副本会更小）</translation>
    </message>
    <message>
        <source>Quantize model</source>
        <translation>量化模型</translation>
    </message>
    <message>
        <source>Import file…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <source>Add a .gguf file from this computer</source>
        <translation>从这台电脑添加一个 .gguf 文件</translation>
    </message>
    <message>
        <source>Import model file</source>
        <translation>导入模型文件</translation>
    </message>
    <message>
        <source>Adopt existing models</source>
        <translation>接入已有模型</translation>
    </message>
    <message>
        <source>Use models already in the Hugging Face cache or LM Studio</source>
        <translation>使用 Hugging Face 缓存或 LM Studio 中已有的模型</translation>
    </message>
    <message>
        <source>Library message</source>
        <translation>模型库消息</translation>
    </message>
    <message>
        <source>{name} (file missing)</source>
        <translation>{name}（文件缺失）</translation>
    </message>
    <message>
        <source>{name} (loaded)</source>
        <translation>{name}（已加载）</translation>
    </message>
    <message>
        <source>The file is missing: {path}</source>
        <translation>文件缺失：{path}</translation>
    </message>
    <message>
        <source>At {n_ctx} tokens this model {estimate}</source>
        <translation>上下文为 {n_ctx} 个 token 时：{estimate}</translation>
    </message>
    <message>
        <source>Hearth does not own this file and never deletes it</source>
        <translation>这个文件不归 Hearth 所有，Hearth 永远不会删除它</translation>
    </message>
    <message>
        <source>{name} is loaded in the chat window. Load another model first, then delete this one.</source>
        <translation>{name} 已在对话窗口中加载。请先加载另一个模型，再删除这个模型。</translation>
    </message>
    <message>
        <source>Delete {name}?</source>
        <translation>删除 {name}？</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Deleted {name}; freed {size}.</source>
        <translation>已删除 {name}，释放了 {size}。</translation>
    </message>
    <message>
        <source>Deleted {name}.</source>
        <translation>已删除 {name}。</translation>
    </message>
    <message>
        <source>Linking {name}… (checking its header first)</source>
        <translation>正在链接 {name}…（先检查文件头）</translation>
    </message>
    <message>
        <source>Copying {name}… (checking its header first)</source>
        <translation>正在复制 {name}…（先检查文件头）</translation>
    </message>
    <message>
        <source>Looking in the Hugging Face cache and LM Studio&apos;s models folder…</source>
        <translation>正在查找 Hugging Face 缓存和 LM Studio 的模型文件夹…</translation>
    </message>
    <message>
        <source>Linking {name}… {percent}%</source>
        <translation>正在链接 {name}… {percent}%</translation>
    </message>
    <message>
        <source>Copying {name}… {percent}%</source>
        <translation>正在复制 {name}… {percent}%</translation>
    </message>
    <message>
        <source>Added {name} to the Library.</source>
        <translation>已将 {name} 添加到模型库。</translation>
    </message>
    <message>
        <source>No new models found in the Hugging Face cache or LM Studio&apos;s models folder.</source>
        <translation>在 Hugging Face 缓存和 LM Studio 的模型文件夹中没有发现新模型。</translation>
    </message>
    <message>
        <source>Hearth found 1 model file:
{names}

It is linked in place: Hearth reads it where it is and never moves or deletes it.</source>
        <translation>Hearth 找到 1 个模型文件：
{names}

它会被原地链接：Hearth 直接在原位置读取它，永远不会移动或删除它。</translation>
    </message>
    <message>
        <source>Hearth found {count} model files:
{names}

They are linked in place: Hearth reads them where they are and never moves or deletes them.</source>
        <translation>Hearth 找到 {count} 个模型文件：
{names}

它们会被原地链接：Hearth 直接在原位置读取它们，永远不会移动或删除它们。</translation>
    </message>
    <message>
        <source>Adopt</source>
        <translation>接入</translation>
    </message>
    <message>
        <source>No models were added.</source>
        <translation>没有添加任何模型。</translation>
    </message>
    <message>
        <source>Added 1 model: {names}.</source>
        <translation>已添加 1 个模型：{names}。</translation>
    </message>
    <message>
        <source>Added {count} models: {names}.</source>
        <translation>已添加 {count} 个模型：{names}。</translation>
    </message>
</context>
<context>
    <name>MessageStrip</name>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Try the same request again</source>
        <translation>再次发送同一请求</translation>
    </message>
    <message>
        <source>Enter access token…</source>
        <translation>输入访问令牌…</translation>
    </message>
    <message>
        <source>Enter access token</source>
        <translation>输入访问令牌</translation>
    </message>
    <message>
        <source>Paste a Hugging Face access token that has access to this repository</source>
        <translation>粘贴一个有权访问此仓库的 Hugging Face 访问令牌</translation>
    </message>
</context>
<context>
    <name>ModelDetail</name>
    <message>
        <source>A model is two files: this parameter file and the program that runs it — Hearth&apos;s engine.</source>
        <translation>模型由两个文件组成：这个参数文件，以及运行它的程序——Hearth 的引擎。</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> 个 token</translation>
    </message>
    <message>
        <source>Context length for the memory estimate</source>
        <translation>用于内存估算的上下文长度</translation>
    </message>
    <message>
        <source>Context length limit</source>
        <translation>上下文长度上限</translation>
    </message>
    <message>
        <source>KV cache f16</source>
        <translation>KV 缓存 f16</translation>
    </message>
    <message>
        <source>KV cache q8_0 (half)</source>
        <translation>KV 缓存 q8_0（一半）</translation>
    </message>
    <message>
        <source>KV cache q4_0 (quarter)</source>
        <translation>KV 缓存 q4_0（四分之一）</translation>
    </message>
    <message>
        <source>KV cache type for the memory estimate</source>
        <translation>用于内存估算的 KV 缓存类型</translation>
    </message>
    <message>
        <source>KV cache types</source>
        <translation>KV 缓存类型</translation>
    </message>
    <message>
        <source>How the KV cache stores its numbers: q8_0 needs about half the memory of f16, q4_0 about a quarter (set it per model under Settings → Model)</source>
        <translation>KV 缓存存储数值的方式：q8_0 约需 f16 一半的内存，q4_0 约需四分之一（可在“设置 → 模型”中为每个模型单独设置）</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化类型</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>Trained context</source>
        <translation>训练上下文长度</translation>
    </message>
    <message>
        <source>Embedding size</source>
        <translation>嵌入维度</translation>
    </message>
    <message>
        <source>Attention heads</source>
        <translation>注意力头数</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <source>License</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Hugging Face file</source>
        <translation>Hugging Face 文件</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <source>SHA-256 checksum</source>
        <translation>SHA-256 校验和</translation>
    </message>
    <message>
        <source>The file&apos;s SHA-256 checksum (select to copy)</source>
        <translation>文件的 SHA-256 校验和（选中即可复制）</translation>
    </message>
    <message>
        <source>&amp;Context length:</source>
        <translation>上下文长度(&amp;C)：</translation>
    </message>
    <message>
        <source>Model details</source>
        <translation>模型详情</translation>
    </message>
    <message>
        <source>Pick a model to see its details</source>
        <translation>选择一个模型查看详情</translation>
    </message>
    <message>
        <source>The file is missing: {path}. Import it again or delete this entry.</source>
        <translation>文件缺失：{path}。请重新导入，或删除这个条目。</translation>
    </message>
    <message>
        <source>{path} (+{count} more parts)</source>
        <translation>{path}（另有 {count} 个分片）</translation>
    </message>
    <message>
        <source>not computed</source>
        <translation>未计算</translation>
    </message>
    <message>
        <source>{n} tokens</source>
        <translation>{n} 个 token</translation>
    </message>
    <message>
        <source>{heads} (KV heads: {kv_heads})</source>
        <translation>{heads}（KV 头：{kv_heads}）</translation>
    </message>
    <message>
        <source>included</source>
        <translation>已包含</translation>
    </message>
    <message>
        <source>none — Hearth uses a generic chat format</source>
        <translation>无——Hearth 使用通用对话格式</translation>
    </message>
    <message>
        <source>not stated in the file</source>
        <translation>文件中未注明</translation>
    </message>
    <message>
        <source>Hearth could not read this file&apos;s header.</source>
        <translation>Hearth 无法读取这个文件的文件头。</translation>
    </message>
    <message>
        <source>How many tokens of conversation the model keeps in view; more needs more memory for the KV cache. At most {n} tokens: the context this model was trained on; beyond it, answers degrade.</source>
        <translation>模型能看到多少个 token 的对话；越多，KV 缓存需要的内存越多。最多 {n} 个 token：这是这个模型训练时的上下文长度，超出后回答质量会下降。</translation>
    </message>
    <message>
        <source>How many tokens of conversation the model keeps in view; more needs more memory for the KV cache.</source>
        <translation>模型能看到多少个 token 的对话；越多，KV 缓存需要的内存越多。</translation>
    </message>
    <message>
        <source>{n} tokens is the context this model was trained on: beyond it, its answers degrade, so Hearth goes no further.</source>
        <translation>{n} 个 token 是这个模型训练时的上下文长度：超出后回答质量会下降，所以 Hearth 不再往上加。</translation>
    </message>
    <message>
        <source>At {n} tokens this model {estimate}.</source>
        <translation>上下文为 {n} 个 token 时：{estimate}。</translation>
    </message>
</context>
<context>
    <name>ModelsWindow</name>
    <message>
        <source>Models — Hearth</source>
        <translation>模型 — Hearth</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Model manager sections</source>
        <translation>模型管理分区</translation>
    </message>
    <message>
        <source>Discover, Downloads, Library and Quantize</source>
        <translation>发现、下载、模型库和量化</translation>
    </message>
    <message>
        <source>&amp;Discover</source>
        <translation>发现(&amp;D)</translation>
    </message>
    <message>
        <source>Do&amp;wnloads</source>
        <translation>下载(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Library</source>
        <translation>模型库(&amp;L)</translation>
    </message>
    <message>
        <source>Find models on Hugging Face</source>
        <translation>在 Hugging Face 上寻找模型</translation>
    </message>
    <message>
        <source>Downloads in progress and finished</source>
        <translation>进行中和已完成的下载</translation>
    </message>
    <message>
        <source>Models on this computer</source>
        <translation>这台电脑上的模型</translation>
    </message>
    <message>
        <source>&amp;Quantize</source>
        <translation>量化(&amp;Q)</translation>
    </message>
    <message>
        <source>Quantized copies being made on this computer</source>
        <translation>正在这台电脑上制作的量化副本</translation>
    </message>
    <message>
        <source>&amp;Quantize ({count})</source>
        <translation>量化（{count}）(&amp;Q)</translation>
    </message>
    <message>
        <source>Do&amp;wnloads ({count})</source>
        <translation>下载（{count}）(&amp;W)</translation>
    </message>
</context>
<context>
    <name>Prompts</name>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Hugging Face access token</source>
        <translation>Hugging Face 访问令牌</translation>
    </message>
    <message>
        <source>This repository needs a Hugging Face access token (huggingface.co → Settings → Access Tokens).
Hearth stores it in its data folder, readable only by you, and never shows it again.</source>
        <translation>这个仓库需要 Hugging Face 访问令牌（huggingface.co → Settings → Access Tokens）。
Hearth 会把它保存在自己的数据文件夹中，只有你能读取，并且不会再显示它。</translation>
    </message>
    <message>
        <source>Import a model file</source>
        <translation>导入模型文件</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>How should Hearth add {name}?

Copy: Hearth keeps its own copy in its models folder (and may delete it later).
Link: the file stays where it is; Hearth only remembers it and never deletes it.</source>
        <translation>Hearth 应该如何添加 {name}？

复制：Hearth 在自己的模型文件夹中保留一份副本（以后可能会删除它）。
链接：文件留在原处；Hearth 只记住它的位置，永远不会删除它。</translation>
    </message>
    <message>
        <source>Copy into Hearth&apos;s folder</source>
        <translation>复制到 Hearth 的文件夹</translation>
    </message>
    <message>
        <source>Link in place</source>
        <translation>原地链接</translation>
    </message>
</context>
<context>
    <name>QuantizeDialog</name>
    <message>
        <source>Quantize {name} — Hearth</source>
        <translation>量化 {name} — Hearth</translation>
    </message>
    <message>
        <source>Quantize {name}</source>
        <translation>量化 {name}</translation>
    </message>
    <message>
        <source>Quantization types</source>
        <translation>量化类型</translation>
    </message>
    <message>
        <source>Each type&apos;s estimated size, how it compares with the original, whether it fits this computer, and its quality</source>
        <translation>每种类型的预计大小、与原模型相比的变化、能否在这台电脑上放下，以及质量</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Compared with the original</source>
        <translation>与原模型相比</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适配</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>质量</translation>
    </message>
    <message>
        <source>Size of the copy</source>
        <translation>副本大小</translation>
    </message>
    <message>
        <source>Allow requantizing (lower quality)</source>
        <translation>允许再次量化（质量更低）</translation>
    </message>
    <message>
        <source>Quantize a model that is already quantized; the copy loses more quality than one made from the original</source>
        <translation>对已经量化过的模型再次量化；得到的副本比从原始模型量化损失更多质量</translation>
    </message>
    <message>
        <source>Output file name</source>
        <translation>输出文件名</translation>
    </message>
    <message>
        <source>The new model&apos;s file name in Hearth&apos;s models folder</source>
        <translation>新模型在 Hearth 模型文件夹中的文件名</translation>
    </message>
    <message>
        <source>Save &amp;as:</source>
        <translation>另存为(&amp;A)：</translation>
    </message>
    <message>
        <source>Quantize message</source>
        <translation>量化消息</translation>
    </message>
    <message>
        <source>&amp;Quantize</source>
        <translation>量化(&amp;Q)</translation>
    </message>
    <message>
        <source>Quantize</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Queue this type; the dialog stays open so you can queue another</source>
        <translation>将这种类型加入队列；对话框保持打开，可以继续添加其他类型</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>size unknown</source>
        <translation>大小未知</translation>
    </message>
    <message>
        <source>Make a quantized copy of &lt;b&gt;{name}&lt;/b&gt; ({quant}, {size}) on this computer. The original stays as it is. Sizes are estimates; fit is for {n_ctx} tokens of context.</source>
        <translation>在这台电脑上为 &lt;b&gt;{name}&lt;/b&gt;（{quant}，{size}）制作一份量化副本。原模型保持不变。大小为估算值；能否放下按 {n_ctx} 个 token 的上下文计算。</translation>
    </message>
    <message>
        <source>needs an importance matrix — not available</source>
        <translation>需要重要性矩阵——暂不可用</translation>
    </message>
    <message>
        <source>already this type</source>
        <translation>已经是这种类型</translation>
    </message>
    <message>
        <source>This model is already quantized ({quant}). Quantizing it again loses more quality than quantizing the original would; use the F16 original if you have it.</source>
        <translation>这个模型已经量化过（{quant}）。再次量化损失的质量比量化原始模型更多；如果有 F16 原始模型，请使用它。</translation>
    </message>
    <message>
        <source>about the same</source>
        <translation>大小相近</translation>
    </message>
    <message>
        <source>{percent}% larger</source>
        <translation>大 {percent}%</translation>
    </message>
    <message>
        <source>{percent}% smaller</source>
        <translation>小 {percent}%</translation>
    </message>
    <message>
        <source>About {size}, about the same size as the original ({original}).</source>
        <translation>约 {size}，与原模型（{original}）大小相近。</translation>
    </message>
    <message>
        <source>About {size}, larger than the original ({original}): quantizing an already-small model does not make it smaller.</source>
        <translation>约 {size}，比原模型（{original}）更大：对已经很小的模型进行量化并不会让它变小。</translation>
    </message>
    <message>
        <source>About {size}, smaller than the original ({original}).</source>
        <translation>约 {size}，比原模型（{original}）更小。</translation>
    </message>
    <message>
        <source>{type}: {quality} ({reason})</source>
        <translation>{type}：{quality}（{reason}）</translation>
    </message>
    <message>
        <source>{type}: {quality}</source>
        <translation>{type}：{quality}</translation>
    </message>
    <message>
        <source>At {n_ctx} tokens the {type} copy {estimate}</source>
        <translation>上下文为 {n_ctx} 个 token 时，{type} 副本：{estimate}</translation>
    </message>
    <message>
        <source>Type a name for the new file, then click Quantize.</source>
        <translation>请为新文件输入名称，然后点击“量化”。</translation>
    </message>
    <message>
        <source>The result may not fit</source>
        <translation>结果可能放不下</translation>
    </message>
    <message>
        <source>The {type} copy {estimate}. It may be too big to load on this computer. Make it anyway?</source>
        <translation>{type} 副本：{estimate}。它可能太大，无法在这台电脑上加载。仍要制作吗？</translation>
    </message>
    <message>
        <source>Quantize anyway</source>
        <translation>仍然量化</translation>
    </message>
    <message>
        <source>Queued {file}. Its progress is in the Quantize tab; choose another type to queue more.</source>
        <translation>已将 {file} 加入队列。进度显示在“量化”标签页中；选择其他类型可继续添加。</translation>
    </message>
</context>
<context>
    <name>QuantizeJobRow</name>
    <message>
        <source>Progress of {title}</source>
        <translation>{title} 的进度</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel {title}</source>
        <translation>取消 {title}</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>Load {name}</source>
        <translation>加载 {name}</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Clear {title} from the list</source>
        <translation>从列表中清除 {title}</translation>
    </message>
    <message>
        <source>Load the new model in the chat window</source>
        <translation>在对话窗口中加载新模型</translation>
    </message>
    <message>
        <source>Stop quantizing; nothing is written</source>
        <translation>停止量化；不会写入任何文件</translation>
    </message>
    <message>
        <source>Remove this row from the list</source>
        <translation>从列表中移除这一行</translation>
    </message>
    <message>
        <source>Quantizing failed.</source>
        <translation>量化失败。</translation>
    </message>
    <message>
        <source>{file} · about {size}</source>
        <translation>{file} · 约 {size}</translation>
    </message>
    <message>
        <source>State: {state}</source>
        <translation>状态：{state}</translation>
    </message>
</context>
<context>
    <name>QuantizeJobsPanel</name>
    <message>
        <source>Nothing is being quantized. Choose a model in Library and click Quantize… to make a quantized copy of it.</source>
        <translation>当前没有正在量化的模型。在模型库中选择一个模型，点击“量化…”即可制作它的量化副本。</translation>
    </message>
    <message>
        <source>Quantize jobs</source>
        <translation>量化任务</translation>
    </message>
    <message>
        <source>Quantizing</source>
        <translation>正在量化</translation>
    </message>
</context>
<context>
    <name>RepoFilesPane</name>
    <message>
        <source>Pick a repository to see its files.</source>
        <translation>选择一个仓库查看其中的文件。</translation>
    </message>
    <message>
        <source>File list problem</source>
        <translation>文件列表问题</translation>
    </message>
    <message>
        <source>Files by quantization</source>
        <translation>按量化类型分组的文件</translation>
    </message>
    <message>
        <source>The repository&apos;s model files, grouped by quantization type, with size, fit, speed and a Download button</source>
        <translation>仓库中的模型文件，按量化类型分组，显示大小、适配、速度和“下载”按钮</translation>
    </message>
    <message>
        <source>Quantization / file</source>
        <translation>量化类型 / 文件</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适配</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Looking for GGUF files in {repo}…</source>
        <translation>正在 {repo} 中查找 GGUF 文件…</translation>
    </message>
    <message>
        <source>{repo} has no GGUF files Hearth can run.</source>
        <translation>{repo} 中没有 Hearth 能运行的 GGUF 文件。</translation>
    </message>
    <message>
        <source>{repo}: 1 GGUF file. It would not answer at a comfortable speed on this computer; the speed column says how slow it would be.</source>
        <translation>{repo}：1 个 GGUF 文件。它在这台电脑上无法以舒适的速度回答；速度一栏显示它会有多慢。</translation>
    </message>
    <message>
        <source>{repo}: {count} GGUF files. None of them would answer at a comfortable speed on this computer; the speed column says how slow each would be.</source>
        <translation>{repo}：{count} 个 GGUF 文件。没有一个能在这台电脑上以舒适的速度回答；速度一栏显示每个会有多慢。</translation>
    </message>
    <message>
        <source>{repo}: 1 GGUF file. Best for this computer: {file} ({speed}).</source>
        <translation>{repo}：1 个 GGUF 文件。最适合这台电脑的是 {file}（{speed}）。</translation>
    </message>
    <message>
        <source>{repo}: {count} GGUF files. Best for this computer: {file} ({speed}).</source>
        <translation>{repo}：{count} 个 GGUF 文件。最适合这台电脑的是 {file}（{speed}）。</translation>
    </message>
    <message>
        <source>{name} ({count} parts)</source>
        <translation>{name}（{count} 个分片）</translation>
    </message>
    <message>
        <source>The largest file that fits in memory and answers at a comfortable speed (at least 6 words a second) on this computer.</source>
        <translation>在这台电脑上能放进内存、并能以舒适速度（每秒至少 6 个字）回答的最大文件。</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Download {name}</source>
        <translation>下载 {name}</translation>
    </message>
    <message>
        <source>Download {size} from Hugging Face into the Library</source>
        <translation>从 Hugging Face 下载 {size} 到模型库</translation>
    </message>
    <message>
        <source>Downloaded</source>
        <translation>已下载</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>已排队</translation>
    </message>
</context>
<context>
    <name>SpeedBadge</name>
    <message>
        <source>Hearth cannot tell how fast this model would be.</source>
        <translation>Hearth 无法判断这个模型会有多快。</translation>
    </message>
    <message>
        <source>Speed: {speed}</source>
        <translation>速度：{speed}</translation>
    </message>
</context>
<context>
    <name>downloads_tab</name>
    <message>
        <source>Waiting to start</source>
        <translation>等待开始</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>正在下载</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Checking the file&apos;s checksum…</source>
        <translation>正在核对文件校验和…</translation>
    </message>
    <message>
        <source>Ready in Library</source>
        <translation>已在模型库中就绪</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} / {total}</translation>
    </message>
    <message>
        <source>{size}/s</source>
        <translation>{size}/秒</translation>
    </message>
    <message>
        <source>{time} left</source>
        <translation>剩余 {time}</translation>
    </message>
</context>
<context>
    <name>library_texts</name>
    <message>
        <source>This frees {size}. Files Hearth does not own are kept: {files}.</source>
        <translation>这将释放 {size}。不归 Hearth 所有的文件会保留：{files}。</translation>
    </message>
    <message>
        <source>This frees {size}.</source>
        <translation>这将释放 {size}。</translation>
    </message>
    <message>
        <source>Hearth does not own these files, so they stay where they are: {files}. Only the Library entry is removed.</source>
        <translation>这些文件不归 Hearth 所有，因此会留在原处：{files}。只移除模型库中的条目。</translation>
    </message>
    <message>
        <source>Only the Library entry is removed.</source>
        <translation>只移除模型库中的条目。</translation>
    </message>
    <message>
        <source>…and {count} more</source>
        <translation>……还有 {count} 个</translation>
    </message>
</context>
<context>
    <name>model_common</name>
    <message>
        <source>1 byte</source>
        <translation>1 字节</translation>
    </message>
    <message>
        <source>{n} bytes</source>
        <translation>{n} 字节</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} 小时 {m} 分钟</translation>
    </message>
    <message>
        <source>fits</source>
        <translation>放得下</translation>
    </message>
    <message>
        <source>tight</source>
        <translation>勉强</translation>
    </message>
    <message>
        <source>won&apos;t fit</source>
        <translation>放不下</translation>
    </message>
</context>
<context>
    <name>model_detail</name>
    <message>
        <source>Quantized from {original}</source>
        <translation>由 {original} 量化而来</translation>
    </message>
    <message>
        <source>Built in</source>
        <translation>内置</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>Linked</source>
        <translation>已链接</translation>
    </message>
    <message>
        <source>Hugging Face</source>
        <translation>Hugging Face</translation>
    </message>
    <message>
        <source>HF cache</source>
        <translation>HF 缓存</translation>
    </message>
    <message>
        <source>LM Studio</source>
        <translation>LM Studio</translation>
    </message>
    <message>
        <source>Quantized on this computer from {original} ({quant})</source>
        <translation>在这台电脑上由 {original}（{quant}）量化而来</translation>
    </message>
    <message>
        <source>Quantized on this computer from {original}</source>
        <translation>在这台电脑上由 {original} 量化而来</translation>
    </message>
    <message>
        <source>Built-in starter model</source>
        <translation>内置入门模型</translation>
    </message>
    <message>
        <source>Imported (copied into Hearth&apos;s folder)</source>
        <translation>已导入（复制到 Hearth 的文件夹）</translation>
    </message>
    <message>
        <source>Linked in place</source>
        <translation>原地链接</translation>
    </message>
    <message>
        <source>Downloaded from Hugging Face</source>
        <translation>从 Hugging Face 下载</translation>
    </message>
    <message>
        <source>Hugging Face cache (linked in place)</source>
        <translation>Hugging Face 缓存（原地链接）</translation>
    </message>
    <message>
        <source>LM Studio (linked in place)</source>
        <translation>LM Studio（原地链接）</translation>
    </message>
    <message>
        <source>{source} — Hearth never deletes this file</source>
        <translation>{source}——Hearth 永远不会删除这个文件</translation>
    </message>
    <message>
        <source>File size: {bytes} bytes ({size}).</source>
        <translation>文件大小：{bytes} 字节（{size}）。</translation>
    </message>
    <message>
        <source>{params} parameters × {per_param} bytes per parameter ({bits} bits ÷ 8) = {total} bytes ({size})</source>
        <translation>{params} 个参数 × 每个参数 {per_param} 字节（{bits} 位 ÷ 8）= {total} 字节（{size}）</translation>
    </message>
    <message>
        <source>Hearth cannot work out the memory this context needs.</source>
        <translation>Hearth 无法算出这个上下文需要多少内存。</translation>
    </message>
    <message>
        <source>KV cache at {n_ctx} tokens: {size} = {n_ctx} tokens × {layers} layers × {heads} KV heads × ({k} + {v}) dims × 2 bytes</source>
        <translation>{n_ctx} 个 token 的 KV 缓存：{size} = {n_ctx} 个 token × {layers} 层 × {heads} 个 KV 头 × ({k} + {v}) 维 × 2 字节</translation>
    </message>
    <message>
        <source>KV cache at {n_ctx} tokens: {size} = {n_ctx} tokens × {layers} layers × {heads} KV heads × ({k} + {v}) dims × {bytes} bytes ({kind})</source>
        <translation>{n_ctx} 个 token 的 KV 缓存：{size} = {n_ctx} 个 token × {layers} 层 × {heads} 个 KV 头 × ({k} + {v}) 维 × {bytes} 字节（{kind}）</translation>
    </message>
    <message>
        <source>KV cache at {n_ctx} tokens: about {size} (estimated from the parameter count)</source>
        <translation>{n_ctx} 个 token 的 KV 缓存：约 {size}（根据参数量估算）</translation>
    </message>
</context>
<context>
    <name>quantize_jobs</name>
    <message>
        <source>Waiting to start</source>
        <translation>等待开始</translation>
    </message>
    <message>
        <source>Quantizing</source>
        <translation>正在量化</translation>
    </message>
    <message>
        <source>Ready in Library</source>
        <translation>已在模型库中就绪</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>tensor {n}/{total}</source>
        <translation>张量 {n}/{total}</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
</context>
</TS>
