<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddRemoteDialog</name>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>API &amp;key</source>
        <translation>API 密钥(&amp;K)</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Add a remote engine</source>
        <translation>添加远程引擎</translation>
    </message>
    <message>
        <source>Asks the server for its models, then adds it</source>
        <translation>向服务器获取模型列表，成功后添加该引擎</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Chat with models served by another computer: vLLM, llama.cpp&apos;s llama-server, Ollama, LM Studio or another Hearth — any OpenAI-compatible server.</source>
        <translation>与另一台计算机上运行的模型对话：vLLM、llama.cpp 的 llama-server、Ollama、LM Studio 或另一个 Hearth——任何兼容 OpenAI 的服务器都可以。</translation>
    </message>
    <message>
        <source>Connect and add</source>
        <translation>连接并添加</translation>
    </message>
    <message>
        <source>Connecting to {url}…</source>
        <translation>正在连接 {url}…</translation>
    </message>
    <message>
        <source>Connection status</source>
        <translation>连接状态</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Only if the server asks for one; Hearth keeps it in your keychain</source>
        <translation>仅在服务器要求时填写；Hearth 会把它保存在系统钥匙串中</translation>
    </message>
    <message>
        <source>Server &amp;address</source>
        <translation>服务器地址(&amp;A)</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>The server&apos;s web address, such as http://gpu-box:8000</source>
        <translation>服务器的网址，例如 http://gpu-box:8000</translation>
    </message>
    <message>
        <source>What Hearth calls this engine in its menus</source>
        <translation>Hearth 在菜单中显示的引擎名称</translation>
    </message>
    <message>
        <source>e.g. GPU server</source>
        <translation>例如：GPU 服务器</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>{url} answered, but serves no models yet. Load one there and try again.</source>
        <translation>{url} 已响应，但尚未提供任何模型。请先在服务器上加载一个模型，然后重试。</translation>
    </message>
</context>
<context>
    <name>AnswerStatus</name>
    <message>
        <source>Answer finished.</source>
        <translation>回答完成。</translation>
    </message>
    <message>
        <source>Answer finished. {beginning}</source>
        <translation>回答完成。{beginning}</translation>
    </message>
    <message>
        <source>Answer stopped.</source>
        <translation>回答已停止。</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>正在加载模型……</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>The answer could not be finished.</source>
        <translation>回答未能完成。</translation>
    </message>
    <message>
        <source>Writing the answer…</source>
        <translation>正在生成回答……</translation>
    </message>
    <message>
        <source>Writing the answer… {speed} token/s</source>
        <translation>正在生成回答……每秒 {speed} 个 token</translation>
    </message>
    <message>
        <source>{model} ready</source>
        <translation>{model} 已就绪</translation>
    </message>
</context>
<context>
    <name>BranchActions</name>
    <message>
        <source>Alternatives for this token</source>
        <translation>这个 token 的候选</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete this answer and everything that follows it? The other versions stay. This cannot be undone.</source>
        <translation>删除这个回答及其后的所有内容？其他版本会保留。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Delete this version of your message and everything that follows it? The other versions stay. This cannot be undone.</source>
        <translation>删除你这条消息的这个版本及其后的所有内容？其他版本会保留。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Delete this version?</source>
        <translation>删除这个版本？</translation>
    </message>
    <message>
        <source>The model&apos;s choice: {token} ({percent}, #{rank}). Branch with another token:</source>
        <translation>模型的选择：{token}（{percent}，第 {rank} 位）。换一个 token 开始新分支：</translation>
    </message>
    <message>
        <source>What the model considered at this token, with its probability. Choosing one starts a new version of the answer from there.</source>
        <translation>模型在这个 token 处考虑过的候选及其概率。选择其中一个，就会从这里开始生成回答的新版本。</translation>
    </message>
</context>
<context>
    <name>ChatOptionsPanel</name>
    <message>
        <source> alternatives</source>
        <translation> 个候选</translation>
    </message>
    <message>
        <source>A remote engine does not send Hearth the probabilities of its tokens.</source>
        <translation>远程引擎不会把 token 的概率发送给 Hearth。</translation>
    </message>
    <message>
        <source>A remote engine formats the prompt with its own template on its server.</source>
        <translation>远程引擎在其服务器上用自己的模板生成提示词。</translation>
    </message>
    <message>
        <source>A remote engine&apos;s server decides what fits its context.</source>
        <translation>远程引擎的服务器自行决定哪些内容放得进上下文。</translation>
    </message>
    <message>
        <source>Alternatives per token</source>
        <translation>每个 token 的候选数</translation>
    </message>
    <message>
        <source>Drop the oldest</source>
        <translation>略去最早的消息</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>How long the model thinks before it answers: low is quickest, high is most thorough.</source>
        <translation>模型回答前思考多久：“低”最快，“高”最周全。</translation>
    </message>
    <message>
        <source>How many of the likeliest tokens to keep for each token of an answer</source>
        <translation>为回答中的每个 token 保留多少个最可能的候选</translation>
    </message>
    <message>
        <source>How this model thinks</source>
        <translation>此模型的思考方式</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>Model default</source>
        <translation>模型默认</translation>
    </message>
    <message>
        <source>Next-token inspector</source>
        <translation>下一 token 概率查看器</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>On</source>
        <translation>开</translation>
    </message>
    <message>
        <source>Probabilities</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>Prompt and template…</source>
        <translation>提示词与模板…</translation>
    </message>
    <message>
        <source>Reasoning effort</source>
        <translation>推理强度</translation>
    </message>
    <message>
        <source>Reasoning models think before they answer. Off answers sooner; the model&apos;s default is what its authors chose.</source>
        <translation>推理模型会先思考再回答。关闭后回答更快；“模型默认”即模型作者的选择。</translation>
    </message>
    <message>
        <source>Record how likely each token of new answers was, and the alternatives the model considered: show them tinted, hover a word to see what else it might have said, click one to branch the answer there.</source>
        <translation>记录新回答中每个 token 的概率，以及模型考虑过的其他候选：按概率着色显示，鼠标悬停在词上可查看模型还可能说什么，点击某个候选即可从那里创建回答分支。</translation>
    </message>
    <message>
        <source>See the exact text the model reads for this chat, and change its template</source>
        <translation>查看模型在此对话中读取的完整文本，并可更换其对话模板</translation>
    </message>
    <message>
        <source>Show the prompt and chat template</source>
        <translation>显示提示词和对话模板</translation>
    </message>
    <message>
        <source>Stop and tell me</source>
        <translation>停止并提示我</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>思考过程</translation>
    </message>
    <message>
        <source>Thinking, context and tokens</source>
        <translation>思考过程、上下文与 token</translation>
    </message>
    <message>
        <source>This model runs on another computer; it thinks as its server decides.</source>
        <translation>此模型运行在另一台计算机上，是否思考由其服务器决定。</translation>
    </message>
    <message>
        <source>This model thinks aloud ({format}).</source>
        <translation>此模型会输出思考过程（{format}）。</translation>
    </message>
    <message>
        <source>This model thinks aloud ({format}). Its template has no switch for it.</source>
        <translation>此模型会输出思考过程（{format}）。它的对话模板没有开关可以关闭思考。</translation>
    </message>
    <message>
        <source>Too long</source>
        <translation>过长时</translation>
    </message>
    <message>
        <source>When the chat is too long</source>
        <translation>对话过长时</translation>
    </message>
    <message>
        <source>When the conversation no longer fits the model&apos;s context: keep the system prompt and leave out the oldest messages, or stop and tell you.</source>
        <translation>当对话超出模型的上下文时：保留系统提示词并略去最早的消息，或者停止并告诉你。</translation>
    </message>
</context>
<context>
    <name>ChatSession</name>
    <message>
        <source>Continuing an answer needs a model on this computer; Regenerate asks the remote again.</source>
        <translation>继续生成需要使用本机上的模型；如需让远程引擎再回答一次，请点“重新生成”。</translation>
    </message>
    <message>
        <source>Hearth is still answering. Stop it (Esc) or wait, then send again.</source>
        <translation>Hearth 还在回答。请先停止（Esc）或等它答完，再重新发送。</translation>
    </message>
    <message>
        <source>No model is loaded yet. Pick one from the model menu and wait for it to load.</source>
        <translation>还没有加载模型。请在模型菜单中选择一个，并等待加载完成。</translation>
    </message>
    <message>
        <source>That token cannot be branched from: the answer has no token probabilities.</source>
        <translation>无法从这个 token 创建分支：这条回答没有记录 token 概率。</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Copied code</source>
        <translation>已复制代码</translation>
    </message>
    <message>
        <source>Copied message</source>
        <translation>已复制消息</translation>
    </message>
    <message>
        <source>Copied thinking</source>
        <translation>已复制思考过程</translation>
    </message>
    <message>
        <source>The messages of this chat. Links under each message copy, edit, regenerate or continue it.</source>
        <translation>这个对话的全部消息。每条消息下方的链接可以复制、编辑、重新生成或继续生成它。</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Ask anything…  (Enter to send, Shift+Enter for a new line)</source>
        <translation>想问什么都可以……（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send (Enter)</source>
        <translation>发送（Enter）</translation>
    </message>
    <message>
        <source>Sends the message to the model.</source>
        <translation>把消息发送给模型。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop the answer (Esc)</source>
        <translation>停止回答（Esc）</translation>
    </message>
    <message>
        <source>Stops the answer being written; what it wrote so far is kept.</source>
        <translation>停止正在生成的回答，已经写出的内容会保留。</translation>
    </message>
    <message>
        <source>Type your message here. Enter sends it, Shift+Enter starts a new line, Esc stops the answer.</source>
        <translation>在这里输入消息。按 Enter 发送，Shift+Enter 换行，Esc 停止回答。</translation>
    </message>
</context>
<context>
    <name>ContextMeter</name>
    <message>
        <source>Context used</source>
        <translation>已用上下文</translation>
    </message>
    <message>
        <source>Context: %v / %m tokens</source>
        <translation>上下文：%v / %m token</translation>
    </message>
    <message>
        <source>Context: kept by the remote engine</source>
        <translation>上下文：由远程引擎管理</translation>
    </message>
    <message>
        <source>How much of the model&apos;s context this chat fills</source>
        <translation>这个对话占用了模型上下文的多少</translation>
    </message>
</context>
<context>
    <name>ConversationActions</name>
    <message>
        <source>Brings back the chats just deleted</source>
        <translation>恢复刚刚删除的对话</translation>
    </message>
    <message>
        <source>Deleted {n} chats.</source>
        <translation>已删除 {n} 个对话。</translation>
    </message>
    <message>
        <source>Deleted “{title}”.</source>
        <translation>已删除“{title}”。</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Undo delete</source>
        <translation>撤销删除</translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message>
        <source>1 h ago</source>
        <translation>1 小时前</translation>
    </message>
    <message>
        <source>1 min ago</source>
        <translation>1 分钟前</translation>
    </message>
    <message>
        <source>Chats</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Clear search</source>
        <translation>清除搜索</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>MMM d</source>
        <extracomment>A QLocale date pattern (MMM: short month name, d: day); keep the letters.</extracomment>
        <translation>M月d日</translation>
    </message>
    <message>
        <source>MMM d, yyyy</source>
        <extracomment>A QLocale date pattern (MMM: short month name, d: day, yyyy: year); keep the letters.</extracomment>
        <translation>yyyy年M月d日</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>No chats match “{query}”.</source>
        <translation>没有对话包含“{query}”。</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Search chats</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <source>Shows only the chats whose title or messages contain the text; Esc clears it.</source>
        <translation>只显示标题或消息中包含这段文字的对话；按 Esc 清除。</translation>
    </message>
    <message>
        <source>Start a new chat</source>
        <translation>开始一个新对话</translation>
    </message>
    <message>
        <source>Your chats, the latest first. Selecting one opens it; F2 renames it and Delete deletes it.</source>
        <translation>你的对话，最新的在前。选中即可打开；F2 重命名，Delete 删除。</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>{n} days ago</source>
        <translation>{n} 天前</translation>
    </message>
    <message>
        <source>{n} h ago</source>
        <translation>{n} 小时前</translation>
    </message>
    <message>
        <source>{n} min ago</source>
        <translation>{n} 分钟前</translation>
    </message>
    <message>
        <source>{title}, {when}</source>
        <translation>{title}，{when}</translation>
    </message>
</context>
<context>
    <name>DiscoverTab</name>
    <message>
        <source>Clear search</source>
        <translation>清空搜索</translation>
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
        <source>Load more</source>
        <translation>加载更多</translation>
    </message>
    <message>
        <source>Load more results</source>
        <translation>加载更多结果</translation>
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
        <source>No GGUF models were found on the Hugging Face Hub.</source>
        <translation>在 Hugging Face Hub 上没有找到 GGUF 模型。</translation>
    </message>
    <message>
        <source>No models match “{query}” on the Hugging Face Hub. Try a shorter or different name.</source>
        <translation>Hugging Face Hub 上没有与“{query}”匹配的模型。请试试更短或不同的名称。</translation>
    </message>
    <message>
        <source>No search results</source>
        <translation>没有搜索结果</translation>
    </message>
    <message>
        <source>Recently updated</source>
        <translation>最近更新</translation>
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
        <source>Search Hugging Face</source>
        <translation>搜索 Hugging Face</translation>
    </message>
    <message>
        <source>Search Hugging Face for GGUF models (e.g. qwen, llama, gemma)</source>
        <translation>在 Hugging Face 上搜索 GGUF 模型（例如 qwen、llama、gemma）</translation>
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
        <source>Searching</source>
        <translation>正在搜索</translation>
    </message>
    <message>
        <source>Show the next page of search results</source>
        <translation>显示下一页搜索结果</translation>
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
        <source>Type a model name; results appear after a short pause, Enter searches at once, Esc clears the field</source>
        <translation>输入模型名称；稍作停顿后显示结果，按 Enter 立即搜索，按 Esc 清空输入框</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>{repo}  (gated)</source>
        <translation>{repo}（受限）</translation>
    </message>
    <message>
        <source>{repo}  (private)</source>
        <translation>{repo}（私有）</translation>
    </message>
    <message>
        <source>{repo} is gated: it needs an access token</source>
        <translation>{repo} 是受限仓库：需要访问令牌</translation>
    </message>
    <message>
        <source>{repo} is private: it needs an access token</source>
        <translation>{repo} 是私有仓库：需要访问令牌</translation>
    </message>
</context>
<context>
    <name>DownloadsTab</name>
    <message>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>No downloads yet. Find a model in Discover and click Download.</source>
        <translation>还没有下载。请在“发现”中找到模型，然后点击“下载”。</translation>
    </message>
</context>
<context>
    <name>FitBadge</name>
    <message>
        <source>Fit: {verdict}</source>
        <translation>适配：{verdict}</translation>
    </message>
    <message>
        <source>Hearth cannot tell how much memory this model needs.</source>
        <translation>Hearth 无法判断这个模型需要多少内存。</translation>
    </message>
    <message>
        <source>{Verdict}: {numbers}</source>
        <translation>{Verdict}：{numbers}</translation>
    </message>
</context>
<context>
    <name>JobRow</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel {name}</source>
        <translation>取消 {name}</translation>
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
        <source>Enter access token for {name}</source>
        <translation>为 {name} 输入访问令牌</translation>
    </message>
    <message>
        <source>Enter access token…</source>
        <translation>输入访问令牌…</translation>
    </message>
    <message>
        <source>Paste a Hugging Face access token that has access to this repository, then retry</source>
        <translation>粘贴一个有权访问此仓库的 Hugging Face 访问令牌，然后重试</translation>
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
        <source>Progress of {name}</source>
        <translation>{name} 的进度</translation>
    </message>
    <message>
        <source>Remove this row; the file stays in the Library</source>
        <translation>移除这一行；文件仍保留在模型库中</translation>
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
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Retry {name}</source>
        <translation>重试 {name}</translation>
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
        <source>State: {state}</source>
        <translation>状态：{state}</translation>
    </message>
    <message>
        <source>Stop this download and delete what was fetched</source>
        <translation>停止这次下载，并删除已下载的部分</translation>
    </message>
    <message>
        <source>The download failed.</source>
        <translation>下载失败。</translation>
    </message>
    <message>
        <source>{done} of {total} ({percent}%)</source>
        <translation>{done} / {total}（{percent}%）</translation>
    </message>
</context>
<context>
    <name>LibraryTab</name>
    <message>
        <source>Add a .gguf file from this computer</source>
        <translation>从这台电脑添加一个 .gguf 文件</translation>
    </message>
    <message>
        <source>Added 1 model: {names}.</source>
        <translation>已添加 1 个模型：{names}。</translation>
    </message>
    <message>
        <source>Added {count} models: {names}.</source>
        <translation>已添加 {count} 个模型：{names}。</translation>
    </message>
    <message>
        <source>Added {name} to the Library.</source>
        <translation>已将 {name} 添加到模型库。</translation>
    </message>
    <message>
        <source>Adopt</source>
        <translation>接入</translation>
    </message>
    <message>
        <source>Adopt existing models</source>
        <translation>接入已有模型</translation>
    </message>
    <message>
        <source>At {n_ctx} tokens this model {estimate}</source>
        <translation>上下文为 {n_ctx} 个 token 时：{estimate}</translation>
    </message>
    <message>
        <source>Clear filter</source>
        <translation>清空筛选</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>Copying {name}… (checking its header first)</source>
        <translation>正在复制 {name}…（先检查文件头）</translation>
    </message>
    <message>
        <source>Copying {name}… {percent}%</source>
        <translation>正在复制 {name}… {percent}%</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <source>Delete {name}?</source>
        <translation>删除 {name}？</translation>
    </message>
    <message>
        <source>Deleted {name}.</source>
        <translation>已删除 {name}。</translation>
    </message>
    <message>
        <source>Deleted {name}; freed {size}.</source>
        <translation>已删除 {name}，释放了 {size}。</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Filter models</source>
        <translation>筛选模型</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适配</translation>
    </message>
    <message>
        <source>Hearth does not own this file and never deletes it</source>
        <translation>这个文件不归 Hearth 所有，Hearth 永远不会删除它</translation>
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
        <source>Import file…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <source>Import model file</source>
        <translation>导入模型文件</translation>
    </message>
    <message>
        <source>Library message</source>
        <translation>模型库消息</translation>
    </message>
    <message>
        <source>Linking {name}… (checking its header first)</source>
        <translation>正在链接 {name}…（先检查文件头）</translation>
    </message>
    <message>
        <source>Linking {name}… {percent}%</source>
        <translation>正在链接 {name}… {percent}%</translation>
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
        <source>Looking in the Hugging Face cache and LM Studio&apos;s models folder…</source>
        <translation>正在查找 Hugging Face 缓存和 LM Studio 的模型文件夹…</translation>
    </message>
    <message>
        <source>Make a quantized copy of this model on this computer (smaller when the model is not quantized yet)</source>
        <translation>在这台电脑上为这个模型制作一份量化副本（模型尚未量化时，副本会更小）</translation>
    </message>
    <message>
        <source>Models on this computer</source>
        <translation>这台电脑上的模型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>No models were added.</source>
        <translation>没有添加任何模型。</translation>
    </message>
    <message>
        <source>No new models found in the Hugging Face cache or LM Studio&apos;s models folder.</source>
        <translation>在 Hugging Face 缓存和 LM Studio 的模型文件夹中没有发现新模型。</translation>
    </message>
    <message>
        <source>Open the folder that holds this file</source>
        <translation>打开存放这个文件的文件夹</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Pick a model to see its details; double-click to load it</source>
        <translation>选择一个模型查看详情；双击即可加载</translation>
    </message>
    <message>
        <source>Quant</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Quantize model</source>
        <translation>量化模型</translation>
    </message>
    <message>
        <source>Quantize…</source>
        <translation>量化…</translation>
    </message>
    <message>
        <source>Remove this model; only files Hearth owns are deleted</source>
        <translation>移除这个模型；只会删除 Hearth 自己拥有的文件</translation>
    </message>
    <message>
        <source>Reveal in file manager</source>
        <translation>在文件管理器中显示</translation>
    </message>
    <message>
        <source>Show only the models whose name, quantization or speed contains this text</source>
        <translation>只显示名称、量化类型或速度中包含这段文字的模型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>The file is missing: {path}</source>
        <translation>文件缺失：{path}</translation>
    </message>
    <message>
        <source>Use models already in the Hugging Face cache or LM Studio</source>
        <translation>使用 Hugging Face 缓存或 LM Studio 中已有的模型</translation>
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
        <source>{name} is loaded in the chat window. Load another model first, then delete this one.</source>
        <translation>{name} 已在对话窗口中加载。请先加载另一个模型，再删除这个模型。</translation>
    </message>
</context>
<context>
    <name>LoadPanel</name>
    <message>
        <source>Apply and reload</source>
        <translation>应用并重新加载</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>How the KV cache (the model&apos;s memory of this conversation) stores its numbers, for this model: q8_0 needs about half the memory of f16 and q4_0 about a quarter, so a longer context fits; a quantized cache switches flash attention on</source>
        <translation>KV 缓存（模型对本次对话的记忆）以何种格式存储数值，仅对此模型生效：q8_0 约需 f16 一半的内存，q4_0 约需四分之一，因此能放下更长的上下文；量化的缓存会启用 Flash Attention</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>KV 缓存</translation>
    </message>
    <message>
        <source>KV cache type</source>
        <translation>KV 缓存类型</translation>
    </message>
    <message>
        <source>KV cache types</source>
        <translation>KV 缓存类型列表</translation>
    </message>
    <message>
        <source>Load the model again with these settings</source>
        <translation>用这些设置重新加载模型</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>No GPU backend in this build: running on the CPU</source>
        <translation>此版本没有 GPU 后端：在 CPU 上运行</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>Reload model</source>
        <translation>重新加载模型</translation>
    </message>
    <message>
        <source>The remote engine loads its models itself: change this on that server</source>
        <translation>远程引擎自行加载模型：请在该服务器上更改此设置</translation>
    </message>
    <message>
        <source>f16 (full precision)</source>
        <translation>f16（全精度）</translation>
    </message>
    <message>
        <source>q4_0 (a quarter)</source>
        <translation>q4_0（四分之一内存）</translation>
    </message>
    <message>
        <source>q8_0 (half the memory)</source>
        <translation>q8_0（一半内存）</translation>
    </message>
    <message>
        <source>{backend} ({engine})</source>
        <translation>{backend}（{engine}）</translation>
    </message>
    <message>
        <source>{backend} · {n} tokens context</source>
        <translation>{backend} · 上下文 {n} token</translation>
    </message>
</context>
<context>
    <name>MainMenu</name>
    <message>
        <source>&amp;About Hearth</source>
        <translation>关于 Hearth(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Downloads…</source>
        <translation>下载(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Export chat…</source>
        <translation>导出对话(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Find and download models…</source>
        <translation>查找并下载模型(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Find chat…</source>
        <translation>查找对话(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Library…</source>
        <translation>模型库(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Models</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation>新对话(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open model file…</source>
        <translation>打开模型文件(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Regenerate last answer</source>
        <translation>重新生成最后一条回答(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Stop answer</source>
        <translation>停止回答(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Welcome…</source>
        <translation>欢迎(&amp;W)…</translation>
    </message>
    <message>
        <source>Add a &amp;remote engine…</source>
        <translation>添加远程引擎(&amp;R)…</translation>
    </message>
    <message>
        <source>Clear saved model &amp;memory…</source>
        <translation>清除已保存的模型记忆(&amp;M)…</translation>
    </message>
    <message>
        <source>Hearth will follow the system language the next time it starts.</source>
        <translation>Hearth 下次启动时将跟随系统语言。</translation>
    </message>
    <message>
        <source>Hearth will use {language} the next time it starts.</source>
        <translation>Hearth 下次启动时将使用“{language}”。</translation>
    </message>
    <message>
        <source>Local &amp;server…</source>
        <translation>本地服务器(&amp;S)…</translation>
    </message>
    <message>
        <source>Remote &amp;engines</source>
        <translation>远程引擎(&amp;E)</translation>
    </message>
    <message>
        <source>Show &amp;settings panel</source>
        <translation>显示设置面板(&amp;S)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统语言</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Everything is saved again.</source>
        <translation>所有内容已重新保存。</translation>
    </message>
    <message>
        <source>Load anyway</source>
        <translation>仍然加载</translation>
    </message>
    <message>
        <source>Open model file…</source>
        <translation>打开模型文件…</translation>
    </message>
    <message>
        <source>Settings panel</source>
        <translation>设置面板</translation>
    </message>
    <message>
        <source>The answer in “{title}” was stopped when you switched chats; it was kept up to where it got.</source>
        <translation>切换对话时，“{title}”中的回答已停止；已写出的部分都保留了下来。</translation>
    </message>
    <message>
        <source>The built-in starter model is not installed, so Hearth cannot answer yet. Open a .gguf model file to start chatting.</source>
        <translation>内置的入门模型没有安装，所以 Hearth 暂时还不能回答。打开一个 .gguf 模型文件即可开始对话。</translation>
    </message>
    <message>
        <source>This model may not fit</source>
        <translation>这个模型可能放不下</translation>
    </message>
    <message>
        <source>{model} on {engine}</source>
        <translation>{engine} 上的 {model}</translation>
    </message>
    <message>
        <source>{model} {fit}. Loading it may make this computer very slow or fail. Load it anyway?</source>
        <translation>{model} {fit}。加载它可能让这台电脑变得很慢，或者加载失败。仍要加载吗？</translation>
    </message>
</context>
<context>
    <name>MessageEdit</name>
    <message>
        <source>Cancel edit</source>
        <translation>取消编辑</translation>
    </message>
    <message>
        <source>Editing a message: sending adds a new version; the old one and its answers stay (‹ ›).</source>
        <translation>正在编辑消息：发送后会添加一个新版本，旧版本和它的回答都会保留（‹ ›）。</translation>
    </message>
</context>
<context>
    <name>MessageStrip</name>
    <message>
        <source>Enter access token</source>
        <translation>输入访问令牌</translation>
    </message>
    <message>
        <source>Enter access token…</source>
        <translation>输入访问令牌…</translation>
    </message>
    <message>
        <source>Paste a Hugging Face access token that has access to this repository</source>
        <translation>粘贴一个有权访问此仓库的 Hugging Face 访问令牌</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Try the same request again</source>
        <translation>再次发送同一请求</translation>
    </message>
</context>
<context>
    <name>ModelBar</name>
    <message>
        <source>Loaded in {ms} ms</source>
        <translation>加载用时 {ms} 毫秒</translation>
    </message>
    <message>
        <source>Loading progress</source>
        <translation>加载进度</translation>
    </message>
    <message>
        <source>Loading {file}…</source>
        <translation>正在加载 {file}…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Model status</source>
        <translation>模型状态</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>Not loaded — see the message above the chat</source>
        <translation>未加载——请查看对话上方的消息</translation>
    </message>
    <message>
        <source>Open model file…</source>
        <translation>打开模型文件…</translation>
    </message>
    <message>
        <source>Remote model</source>
        <translation>远程模型</translation>
    </message>
    <message>
        <source>Remote — messages leave this computer</source>
        <translation>远程——消息将离开这台计算机</translation>
    </message>
    <message>
        <source>Runs on the remote engine “{engine}”: your messages are sent there.</source>
        <translation>运行在远程引擎“{engine}”上：你的消息会发送到那里。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Show or hide sampling, system prompt and model settings ({shortcut})</source>
        <translation>显示或隐藏采样、系统提示词和模型设置（{shortcut}）</translation>
    </message>
    <message>
        <source>Show settings</source>
        <translation>显示设置</translation>
    </message>
    <message>
        <source>Shows or hides the settings panel beside the chat</source>
        <translation>显示或隐藏对话旁的设置面板</translation>
    </message>
    <message>
        <source>The model that answers. Loading another one keeps your chats.</source>
        <translation>负责回答的模型。换用其他模型不会影响你的对话。</translation>
    </message>
    <message>
        <source>{backend} · {n} tokens context</source>
        <translation>{backend} · 上下文 {n} token</translation>
    </message>
    <message>
        <source>{model} runs on {engine}, not on this computer: what you write in this chat is sent there.</source>
        <translation>{model} 运行在 {engine} 上，而不是这台计算机：你在此对话中写的内容会发送到那里。</translation>
    </message>
    <message>
        <source>{model} — {engine}</source>
        <translation>{model}——{engine}</translation>
    </message>
</context>
<context>
    <name>ModelDetail</name>
    <message>
        <source> tokens</source>
        <translation> 个 token</translation>
    </message>
    <message>
        <source>&amp;Context length:</source>
        <translation>上下文长度(&amp;C)：</translation>
    </message>
    <message>
        <source>A model is two files: this parameter file and the program that runs it — Hearth&apos;s engine.</source>
        <translation>模型由两个文件组成：这个参数文件，以及运行它的程序——Hearth 的引擎。</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>At {n} tokens this model {estimate}.</source>
        <translation>上下文为 {n} 个 token 时：{estimate}。</translation>
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
        <source>Context length for the memory estimate</source>
        <translation>用于内存估算的上下文长度</translation>
    </message>
    <message>
        <source>Context length limit</source>
        <translation>上下文长度上限</translation>
    </message>
    <message>
        <source>Embedding size</source>
        <translation>嵌入维度</translation>
    </message>
    <message>
        <source>Hearth could not read this file&apos;s header.</source>
        <translation>Hearth 无法读取这个文件的文件头。</translation>
    </message>
    <message>
        <source>How many tokens of conversation the model keeps in view; more needs more memory for the KV cache.</source>
        <translation>模型能看到多少个 token 的对话；越多，KV 缓存需要的内存越多。</translation>
    </message>
    <message>
        <source>How many tokens of conversation the model keeps in view; more needs more memory for the KV cache. At most {n} tokens: the context this model was trained on; beyond it, answers degrade.</source>
        <translation>模型能看到多少个 token 的对话；越多，KV 缓存需要的内存越多。最多 {n} 个 token：这是这个模型训练时的上下文长度，超出后回答质量会下降。</translation>
    </message>
    <message>
        <source>How the KV cache stores its numbers: q8_0 needs about half the memory of f16, q4_0 about a quarter (set it per model under Settings → Model)</source>
        <translation>KV 缓存存储数值的方式：q8_0 约需 f16 一半的内存，q4_0 约需四分之一（可在“设置 → 模型”中为每个模型单独设置）</translation>
    </message>
    <message>
        <source>Hugging Face file</source>
        <translation>Hugging Face 文件</translation>
    </message>
    <message>
        <source>KV cache f16</source>
        <translation>KV 缓存 f16</translation>
    </message>
    <message>
        <source>KV cache q4_0 (quarter)</source>
        <translation>KV 缓存 q4_0（四分之一）</translation>
    </message>
    <message>
        <source>KV cache q8_0 (half)</source>
        <translation>KV 缓存 q8_0（一半）</translation>
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
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>License</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
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
        <source>Quantization</source>
        <translation>量化类型</translation>
    </message>
    <message>
        <source>SHA-256 checksum</source>
        <translation>SHA-256 校验和</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>The file is missing: {path}. Import it again or delete this entry.</source>
        <translation>文件缺失：{path}。请重新导入，或删除这个条目。</translation>
    </message>
    <message>
        <source>The file&apos;s SHA-256 checksum (select to copy)</source>
        <translation>文件的 SHA-256 校验和（选中即可复制）</translation>
    </message>
    <message>
        <source>Trained context</source>
        <translation>训练上下文长度</translation>
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
        <source>not computed</source>
        <translation>未计算</translation>
    </message>
    <message>
        <source>not stated in the file</source>
        <translation>文件中未注明</translation>
    </message>
    <message>
        <source>{heads} (KV heads: {kv_heads})</source>
        <translation>{heads}（KV 头：{kv_heads}）</translation>
    </message>
    <message>
        <source>{n} tokens</source>
        <translation>{n} 个 token</translation>
    </message>
    <message>
        <source>{n} tokens is the context this model was trained on: beyond it, its answers degrade, so Hearth goes no further.</source>
        <translation>{n} 个 token 是这个模型训练时的上下文长度：超出后回答质量会下降，所以 Hearth 不再往上加。</translation>
    </message>
    <message>
        <source>{path} (+{count} more parts)</source>
        <translation>{path}（另有 {count} 个分片）</translation>
    </message>
</context>
<context>
    <name>ModelMemoryPanel</name>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>配额</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Clear saved model memory</source>
        <translation>清除已保存的模型记忆</translation>
    </message>
    <message>
        <source>Clear saved model memory?</source>
        <translation>清除已保存的模型记忆？</translation>
    </message>
    <message>
        <source>Clear saved model memory…</source>
        <translation>清除已保存的模型记忆…</translation>
    </message>
    <message>
        <source>Delete every chat&apos;s saved model memory (the chats stay)</source>
        <translation>删除所有对话已保存的模型记忆（对话本身保留）</translation>
    </message>
    <message>
        <source>Delete the saved model memory of every chat ({size})? Your chats stay; the next message in each is read from the start once.</source>
        <translation>要删除所有对话已保存的模型记忆（{size}）吗？对话会保留；每个对话的下一条消息需要从头读取一次。</translation>
    </message>
    <message>
        <source>Disk budget for saved model memory</source>
        <translation>已保存模型记忆的磁盘配额</translation>
    </message>
    <message>
        <source>Hearth keeps what the model has already read in each chat, so a chat you come back to — even after a restart — answers at once instead of reading everything again.</source>
        <translation>Hearth 会保存模型在每个对话中已经读过的内容。回到一个对话时（即使重启之后），模型可以立即回答，而不必从头再读一遍。</translation>
    </message>
    <message>
        <source>On disk</source>
        <translation>磁盘占用</translation>
    </message>
    <message>
        <source>Saved model memory</source>
        <translation>已保存的模型记忆</translation>
    </message>
    <message>
        <source>Saved model memory on disk</source>
        <translation>磁盘上已保存的模型记忆</translation>
    </message>
    <message>
        <source>The least recently used chats&apos; memory is removed beyond this</source>
        <translation>超出此配额时，最久未使用的对话的记忆会被删除</translation>
    </message>
    <message>
        <source>{used} of {budget} GB</source>
        <translation>{used} / {budget} GB</translation>
    </message>
</context>
<context>
    <name>ModelsWindow</name>
    <message>
        <source>&amp;Discover</source>
        <translation>发现(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Library</source>
        <translation>模型库(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Quantize</source>
        <translation>量化(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Quantize ({count})</source>
        <translation>量化（{count}）(&amp;Q)</translation>
    </message>
    <message>
        <source>Discover, Downloads, Library and Quantize</source>
        <translation>发现、下载、模型库和量化</translation>
    </message>
    <message>
        <source>Do&amp;wnloads</source>
        <translation>下载(&amp;W)</translation>
    </message>
    <message>
        <source>Do&amp;wnloads ({count})</source>
        <translation>下载（{count}）(&amp;W)</translation>
    </message>
    <message>
        <source>Downloads in progress and finished</source>
        <translation>进行中和已完成的下载</translation>
    </message>
    <message>
        <source>Find models on Hugging Face</source>
        <translation>在 Hugging Face 上寻找模型</translation>
    </message>
    <message>
        <source>Model manager sections</source>
        <translation>模型管理分区</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Models on this computer</source>
        <translation>这台电脑上的模型</translation>
    </message>
    <message>
        <source>Models — Hearth</source>
        <translation>模型 — Hearth</translation>
    </message>
    <message>
        <source>Quantized copies being made on this computer</source>
        <translation>正在这台电脑上制作的量化副本</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Dismiss notice</source>
        <translation>关闭提示</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Notice action</source>
        <translation>提示操作</translation>
    </message>
    <message>
        <source>Notice text</source>
        <translation>提示内容</translation>
    </message>
    <message>
        <source>Show details</source>
        <translation>显示详情</translation>
    </message>
    <message>
        <source>Show what exactly went wrong</source>
        <translation>查看具体出了什么问题</translation>
    </message>
</context>
<context>
    <name>ParamsForm</name>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>CPU threads for generation (0: automatic, leaves a core for the window).</source>
        <translation>生成时使用的 CPU 线程数（0：自动，为窗口留出一个核心）。</translation>
    </message>
    <message>
        <source>CPU threads for reading the prompt (0: automatic, every performance core).</source>
        <translation>读取提示词时使用的 CPU 线程数（0：自动，使用所有性能核心）。</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>Discourage any word that already appeared.</source>
        <translation>抑制任何已出现过的词。</translation>
    </message>
    <message>
        <source>Discourage repeating recent words (1 is off).</source>
        <translation>抑制重复最近出现过的词（1 表示关闭）。</translation>
    </message>
    <message>
        <source>Discourage words in proportion to how often they appeared.</source>
        <translation>按词出现的次数成比例地抑制它。</translation>
    </message>
    <message>
        <source>Drop words less likely than this share of the most likely one.</source>
        <translation>舍弃概率低于最可能的词的此比例的词。</translation>
    </message>
    <message>
        <source>Frequency penalty</source>
        <translation>频率惩罚</translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <source>Higher is more varied, lower is more focused; 0 always picks the most likely word.</source>
        <translation>越高越多样，越低越集中；为 0 时总是选择最可能的词。</translation>
    </message>
    <message>
        <source>How many layers run on the GPU (-1: all that fit; 0: CPU only).</source>
        <translation>在 GPU 上运行多少层（-1：放得下的全部；0：仅用 CPU）。</translation>
    </message>
    <message>
        <source>How many recent tokens the repeat, presence and frequency penalties look at.</source>
        <translation>重复惩罚、存在惩罚和频率惩罚所考虑的最近 token 数。</translation>
    </message>
    <message>
        <source>How many tokens of conversation the model can see at once (0: the model&apos;s own).</source>
        <translation>模型一次能看到多少 token 的对话（0：使用模型自身的设定）。</translation>
    </message>
    <message>
        <source>Keep only the most likely words whose probabilities add up to this share.</source>
        <translation>只保留概率之和达到此比例的最可能的词。</translation>
    </message>
    <message>
        <source>Keep only this many most likely words (0 keeps all).</source>
        <translation>只保留这么多个最可能的词（0 表示全部保留）。</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>最大 token 数</translation>
    </message>
    <message>
        <source>Min P</source>
        <translation>Min P</translation>
    </message>
    <message>
        <source>Penalty window</source>
        <translation>惩罚窗口</translation>
    </message>
    <message>
        <source>Presence penalty</source>
        <translation>存在惩罚</translation>
    </message>
    <message>
        <source>Prompt threads</source>
        <translation>提示词线程数</translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Stop the answer after this many tokens (0: until the context is full).</source>
        <translation>回答达到这么多 token 后停止（0：直到上下文用满）。</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>The same seed and settings give the same answer (-1: a new random seed each time).</source>
        <translation>相同的随机种子和设置会得到相同的回答（-1：每次使用新的随机种子）。</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>线程数</translation>
    </message>
    <message>
        <source>Tokens evaluated per step while reading the prompt.</source>
        <translation>读取提示词时每一步处理的 token 数。</translation>
    </message>
    <message>
        <source>Top K</source>
        <translation>Top K</translation>
    </message>
    <message>
        <source>Top P</source>
        <translation>Top P</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>model default</source>
        <translation>模型默认</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>{help} ({value}: {meaning})</source>
        <translation>{help}（{value}：{meaning}）</translation>
    </message>
</context>
<context>
    <name>PresetActions</name>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete preset?</source>
        <translation>删除预设？</translation>
    </message>
    <message>
        <source>Delete the preset “{name}”? Chats that use its settings keep them.</source>
        <translation>要删除预设“{name}”吗？使用了其设置的对话会保留这些设置。</translation>
    </message>
    <message>
        <source>The preset “{name}” has settings out of range; save it again to replace them.</source>
        <translation>预设“{name}”中有超出范围的设置；请重新保存以替换它们。</translation>
    </message>
</context>
<context>
    <name>PromptActions</name>
    <message>
        <source>Load a model to see the prompt it would receive.</source>
        <translation>加载模型后，即可查看它将收到的提示词。</translation>
    </message>
    <message>
        <source>This model now uses your chat template.</source>
        <translation>这个模型现在使用你的对话模板。</translation>
    </message>
</context>
<context>
    <name>PromptDialog</name>
    <message>
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <source>Chat templates ({patterns});;All files ({all})</source>
        <translation>对话模板 ({patterns});;所有文件 ({all})</translation>
    </message>
    <message>
        <source>ChatML: Hearth&apos;s stand-in, because the model&apos;s own template cannot be used.</source>
        <translation>ChatML：Hearth 的替代模板，因为模型自带的模板无法使用。</translation>
    </message>
    <message>
        <source>Check this template and use it for this model from now on</source>
        <translation>检查此模板，并从现在起在此模型上使用它</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Could not read {file}: {reason}.</source>
        <translation>无法读取 {file}：{reason}。</translation>
    </message>
    <message>
        <source>Exactly what the model reads before its next answer in this chat: {characters} characters on one line.</source>
        <translation>模型在此对话中下一次回答前读取的完整内容：共 {characters} 个字符，1 行。</translation>
    </message>
    <message>
        <source>Exactly what the model reads before its next answer in this chat: {characters} characters on {lines} lines.</source>
        <translation>模型在此对话中下一次回答前读取的完整内容：共 {characters} 个字符，{lines} 行。</translation>
    </message>
    <message>
        <source>Forget your template and use the one in the model&apos;s file</source>
        <translation>不再使用你的模板，改用模型文件中的模板</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>未加载模型。</translation>
    </message>
    <message>
        <source>Open a chat template</source>
        <translation>打开对话模板</translation>
    </message>
    <message>
        <source>Open a chat template file</source>
        <translation>打开对话模板文件</translation>
    </message>
    <message>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <source>Paste a Jinja chat template here, or open a file</source>
        <translation>在此粘贴 Jinja 对话模板，或打开一个文件</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Prompt and template</source>
        <translation>提示词与模板</translation>
    </message>
    <message>
        <source>Prompt text</source>
        <translation>提示词文本</translation>
    </message>
    <message>
        <source>Read a chat template from a .jinja or text file</source>
        <translation>从 .jinja 或文本文件读取对话模板</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Template in use</source>
        <translation>正在使用的模板</translation>
    </message>
    <message>
        <source>Template problem</source>
        <translation>模板问题</translation>
    </message>
    <message>
        <source>The Jinja template that turns the chat into the prompt; you may edit or replace it</source>
        <translation>把对话转换成提示词的 Jinja 模板；你可以编辑或替换它</translation>
    </message>
    <message>
        <source>The exact text the model reads before its next answer</source>
        <translation>模型在下一次回答前读取的完整文本</translation>
    </message>
    <message>
        <source>The model&apos;s own chat template (from its GGUF file).</source>
        <translation>模型自带的对话模板（来自其 GGUF 文件）。</translation>
    </message>
    <message>
        <source>The template is empty. Paste one, open a file, or use the model&apos;s own.</source>
        <translation>模板是空的。请粘贴一个模板、打开文件，或使用模型自带的模板。</translation>
    </message>
    <message>
        <source>Use the model&apos;s own</source>
        <translation>使用模型自带的</translation>
    </message>
    <message>
        <source>Use the model&apos;s own template</source>
        <translation>使用模型自带的模板</translation>
    </message>
    <message>
        <source>Use this template</source>
        <translation>使用此模板</translation>
    </message>
    <message>
        <source>Your chat template for this model.</source>
        <translation>你为此模型设置的对话模板。</translation>
    </message>
    <message>
        <source>{file} is not a text file (it is not UTF-8).</source>
        <translation>{file} 不是文本文件（不是 UTF-8 编码）。</translation>
    </message>
    <message>
        <source>{file} is too large to be a chat template.</source>
        <translation>{file} 太大，不可能是对话模板。</translation>
    </message>
</context>
<context>
    <name>Prompts</name>
    <message>
        <source>Copy into Hearth&apos;s folder</source>
        <translation>复制到 Hearth 的文件夹</translation>
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
        <source>Hugging Face access token</source>
        <translation>Hugging Face 访问令牌</translation>
    </message>
    <message>
        <source>Import a model file</source>
        <translation>导入模型文件</translation>
    </message>
    <message>
        <source>Link in place</source>
        <translation>原地链接</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>This repository needs a Hugging Face access token (huggingface.co → Settings → Access Tokens).
Hearth stores it in its data folder, readable only by you, and never shows it again.</source>
        <translation>这个仓库需要 Hugging Face 访问令牌（huggingface.co → Settings → Access Tokens）。
Hearth 会把它保存在自己的数据文件夹中，只有你能读取，并且不会再显示它。</translation>
    </message>
</context>
<context>
    <name>QuantizeDialog</name>
    <message>
        <source>&amp;Quantize</source>
        <translation>量化(&amp;Q)</translation>
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
        <source>Allow requantizing (lower quality)</source>
        <translation>允许再次量化（质量更低）</translation>
    </message>
    <message>
        <source>At {n_ctx} tokens the {type} copy {estimate}</source>
        <translation>上下文为 {n_ctx} 个 token 时，{type} 副本：{estimate}</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Compared with the original</source>
        <translation>与原模型相比</translation>
    </message>
    <message>
        <source>Each type&apos;s estimated size, how it compares with the original, whether it fits this computer, and its quality</source>
        <translation>每种类型的预计大小、与原模型相比的变化、能否在这台电脑上放下，以及质量</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适配</translation>
    </message>
    <message>
        <source>Make a quantized copy of &lt;b&gt;{name}&lt;/b&gt; ({quant}, {size}) on this computer. The original stays as it is. Sizes are estimates; fit is for {n_ctx} tokens of context.</source>
        <translation>在这台电脑上为 &lt;b&gt;{name}&lt;/b&gt;（{quant}，{size}）制作一份量化副本。原模型保持不变。大小为估算值；能否放下按 {n_ctx} 个 token 的上下文计算。</translation>
    </message>
    <message>
        <source>Output file name</source>
        <translation>输出文件名</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>质量</translation>
    </message>
    <message>
        <source>Quantization types</source>
        <translation>量化类型</translation>
    </message>
    <message>
        <source>Quantize</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Quantize a model that is already quantized; the copy loses more quality than one made from the original</source>
        <translation>对已经量化过的模型再次量化；得到的副本比从原始模型量化损失更多质量</translation>
    </message>
    <message>
        <source>Quantize anyway</source>
        <translation>仍然量化</translation>
    </message>
    <message>
        <source>Quantize message</source>
        <translation>量化消息</translation>
    </message>
    <message>
        <source>Quantize {name}</source>
        <translation>量化 {name}</translation>
    </message>
    <message>
        <source>Quantize {name} — Hearth</source>
        <translation>量化 {name} — Hearth</translation>
    </message>
    <message>
        <source>Queue this type; the dialog stays open so you can queue another</source>
        <translation>将这种类型加入队列；对话框保持打开，可以继续添加其他类型</translation>
    </message>
    <message>
        <source>Queued {file}. Its progress is in the Quantize tab; choose another type to queue more.</source>
        <translation>已将 {file} 加入队列。进度显示在“量化”标签页中；选择其他类型可继续添加。</translation>
    </message>
    <message>
        <source>Save &amp;as:</source>
        <translation>另存为(&amp;A)：</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Size of the copy</source>
        <translation>副本大小</translation>
    </message>
    <message>
        <source>The new model&apos;s file name in Hearth&apos;s models folder</source>
        <translation>新模型在 Hearth 模型文件夹中的文件名</translation>
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
        <source>This model is already quantized ({quant}). Quantizing it again loses more quality than quantizing the original would; use the F16 original if you have it.</source>
        <translation>这个模型已经量化过（{quant}）。再次量化损失的质量比量化原始模型更多；如果有 F16 原始模型，请使用它。</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Type a name for the new file, then click Quantize.</source>
        <translation>请为新文件输入名称，然后点击“量化”。</translation>
    </message>
    <message>
        <source>about the same</source>
        <translation>大小相近</translation>
    </message>
    <message>
        <source>already this type</source>
        <translation>已经是这种类型</translation>
    </message>
    <message>
        <source>needs an importance matrix — not available</source>
        <translation>需要重要性矩阵——暂不可用</translation>
    </message>
    <message>
        <source>size unknown</source>
        <translation>大小未知</translation>
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
        <source>{type}: {quality}</source>
        <translation>{type}：{quality}</translation>
    </message>
    <message>
        <source>{type}: {quality} ({reason})</source>
        <translation>{type}：{quality}（{reason}）</translation>
    </message>
</context>
<context>
    <name>QuantizeJobRow</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel {title}</source>
        <translation>取消 {title}</translation>
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
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>Load the new model in the chat window</source>
        <translation>在对话窗口中加载新模型</translation>
    </message>
    <message>
        <source>Load {name}</source>
        <translation>加载 {name}</translation>
    </message>
    <message>
        <source>Progress of {title}</source>
        <translation>{title} 的进度</translation>
    </message>
    <message>
        <source>Quantizing failed.</source>
        <translation>量化失败。</translation>
    </message>
    <message>
        <source>Remove this row from the list</source>
        <translation>从列表中移除这一行</translation>
    </message>
    <message>
        <source>State: {state}</source>
        <translation>状态：{state}</translation>
    </message>
    <message>
        <source>Stop quantizing; nothing is written</source>
        <translation>停止量化；不会写入任何文件</translation>
    </message>
    <message>
        <source>{file} · about {size}</source>
        <translation>{file} · 约 {size}</translation>
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
    <name>RemoteActions</name>
    <message>
        <source>1 model</source>
        <translation>1 个模型</translation>
    </message>
    <message>
        <source>Add a remote engine…</source>
        <translation>添加远程引擎…</translation>
    </message>
    <message>
        <source>Added “{engine}” with 1 model: pick it in the model menu, marked remote.</source>
        <translation>已添加“{engine}”，含 1 个模型：可在模型菜单中选择它（标记为远程）。</translation>
    </message>
    <message>
        <source>Added “{engine}” with {n} models: pick one in the model menu, marked remote.</source>
        <translation>已添加“{engine}”，含 {n} 个模型：可在模型菜单中选择（标记为远程）。</translation>
    </message>
    <message>
        <source>Change API key</source>
        <translation>更改 API 密钥</translation>
    </message>
    <message>
        <source>Change API key…</source>
        <translation>更改 API 密钥…</translation>
    </message>
    <message>
        <source>Hearth could not talk to that server ({error}).</source>
        <translation>Hearth 无法与该服务器通信（{error}）。</translation>
    </message>
    <message>
        <source>Messages will leave this computer</source>
        <translation>消息将离开这台计算机</translation>
    </message>
    <message>
        <source>Models of a remote engine run on another computer: what you write in a chat with them is sent there, and its answers come back. Chats stay in Hearth&apos;s history on this computer.</source>
        <translation>远程引擎的模型运行在另一台计算机上：你在与它们的对话中写的内容会发送到那里，回答再传回来。对话记录仍保存在这台计算机上的 Hearth 历史中。</translation>
    </message>
    <message>
        <source>No remote engines yet</source>
        <translation>还没有远程引擎</translation>
    </message>
    <message>
        <source>Refresh its models</source>
        <translation>刷新模型列表</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove remote engine</source>
        <translation>移除远程引擎</translation>
    </message>
    <message>
        <source>Remove “{engine}” and forget its API key? Your chats with its models stay in your history.</source>
        <translation>要移除“{engine}”并删除其 API 密钥吗？你与其模型的对话仍会保留在历史中。</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>移除…</translation>
    </message>
    <message>
        <source>The API key for “{engine}” (empty for none). Hearth keeps it in your keychain.</source>
        <translation>“{engine}”的 API 密钥（留空表示不使用）。Hearth 会把它保存在系统钥匙串中。</translation>
    </message>
    <message>
        <source>Use the remote engine</source>
        <translation>使用远程引擎</translation>
    </message>
    <message>
        <source>{added} Its API key is in a file only you can read (no keychain was available).</source>
        <translation>{added}其 API 密钥保存在只有你能读取的文件中（没有可用的系统钥匙串）。</translation>
    </message>
    <message>
        <source>{added} Its API key is in your keychain.</source>
        <translation>{added}其 API 密钥保存在系统钥匙串中。</translation>
    </message>
    <message>
        <source>{engine} ({url})</source>
        <translation>{engine}（{url}）</translation>
    </message>
    <message>
        <source>{model} runs on the remote engine “{engine}” ({url}).

{privacy}

Hearth asks this once for each remote engine.</source>
        <translation>{model} 运行在远程引擎“{engine}”（{url}）上。

{privacy}

每个远程引擎 Hearth 只询问一次。</translation>
    </message>
    <message>
        <source>{n} models</source>
        <translation>{n} 个模型</translation>
    </message>
</context>
<context>
    <name>RepoFilesPane</name>
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
        <source>File list problem</source>
        <translation>文件列表问题</translation>
    </message>
    <message>
        <source>Files by quantization</source>
        <translation>按量化类型分组的文件</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适配</translation>
    </message>
    <message>
        <source>Looking for GGUF files in {repo}…</source>
        <translation>正在 {repo} 中查找 GGUF 文件…</translation>
    </message>
    <message>
        <source>Pick a repository to see its files.</source>
        <translation>选择一个仓库查看其中的文件。</translation>
    </message>
    <message>
        <source>Quantization / file</source>
        <translation>量化类型 / 文件</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>已排队</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>The largest file that fits in memory and answers at a comfortable speed (at least 6 words a second) on this computer.</source>
        <translation>在这台电脑上能放进内存、并能以舒适速度（每秒至少 6 个字）回答的最大文件。</translation>
    </message>
    <message>
        <source>The repository&apos;s model files, grouped by quantization type, with size, fit, speed and a Download button</source>
        <translation>仓库中的模型文件，按量化类型分组，显示大小、适配、速度和“下载”按钮</translation>
    </message>
    <message>
        <source>{name} ({count} parts)</source>
        <translation>{name}（{count} 个分片）</translation>
    </message>
    <message>
        <source>{repo} has no GGUF files Hearth can run.</source>
        <translation>{repo} 中没有 Hearth 能运行的 GGUF 文件。</translation>
    </message>
    <message>
        <source>{repo}: 1 GGUF file. Best for this computer: {file} ({speed}).</source>
        <translation>{repo}：1 个 GGUF 文件。最适合这台电脑的是 {file}（{speed}）。</translation>
    </message>
    <message>
        <source>{repo}: 1 GGUF file. It would not answer at a comfortable speed on this computer; the speed column says how slow it would be.</source>
        <translation>{repo}：1 个 GGUF 文件。它在这台电脑上无法以舒适的速度回答；速度一栏显示它会有多慢。</translation>
    </message>
    <message>
        <source>{repo}: {count} GGUF files. Best for this computer: {file} ({speed}).</source>
        <translation>{repo}：{count} 个 GGUF 文件。最适合这台电脑的是 {file}（{speed}）。</translation>
    </message>
    <message>
        <source>{repo}: {count} GGUF files. None of them would answer at a comfortable speed on this computer; the speed column says how slow each would be.</source>
        <translation>{repo}：{count} 个 GGUF 文件。没有一个能在这台电脑上以舒适的速度回答；速度一栏显示每个会有多慢。</translation>
    </message>
</context>
<context>
    <name>SamplingPanel</name>
    <message>
        <source>Choose a preset</source>
        <translation>选择预设</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete preset</source>
        <translation>删除预设</translation>
    </message>
    <message>
        <source>Delete the selected preset</source>
        <translation>删除所选预设</translation>
    </message>
    <message>
        <source>Instructions the model follows in this chat</source>
        <translation>模型在此对话中遵循的指示</translation>
    </message>
    <message>
        <source>Load saved sampling settings</source>
        <translation>载入已保存的采样设置</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Preset name:</source>
        <translation>预设名称：</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Reset to model defaults</source>
        <translation>恢复模型默认值</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Save preset</source>
        <translation>保存预设</translation>
    </message>
    <message>
        <source>Save preset as</source>
        <translation>将预设另存为</translation>
    </message>
    <message>
        <source>Save the current sampling settings under a name</source>
        <translation>以一个名称保存当前的采样设置</translation>
    </message>
    <message>
        <source>Stop strings</source>
        <translation>停止字符串</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>The answer ends before any of these texts. Separate them with commas; write {newline} for a new line and {comma} for a comma.</source>
        <translation>回答在出现其中任一文本之前结束。多个文本用英文逗号分隔；用 {newline} 表示换行，用 {comma} 表示逗号本身。</translation>
    </message>
    <message>
        <source>The saved preset these settings come from; pick one to use its settings in this chat</source>
        <translation>当前设置来自哪个已保存的预设；选择一个预设即可在此对话中使用它的设置</translation>
    </message>
    <message>
        <source>These settings match no saved preset</source>
        <translation>这些设置与任何已保存的预设都不一致</translation>
    </message>
    <message>
        <source>This engine does not take this setting, so it is not sent.</source>
        <translation>此引擎不接受此设置，因此不会发送。</translation>
    </message>
    <message>
        <source>Use the sampling settings the model recommends</source>
        <translation>使用模型推荐的采样设置</translation>
    </message>
    <message>
        <source>e.g. {example}</source>
        <translation>例如：{example}</translation>
    </message>
    <message>
        <source>{engine} does not take this setting, so it is not sent.</source>
        <translation>{engine} 不接受此设置，因此不会发送。</translation>
    </message>
</context>
<context>
    <name>ServerActions</name>
    <message>
        <source>Local server status</source>
        <translation>本地服务器状态</translation>
    </message>
    <message>
        <source>Serving at {address}</source>
        <translation>正在 {address} 提供服务</translation>
    </message>
    <message>
        <source>The local server did not start: {problem}</source>
        <translation>本地服务器未能启动：{problem}</translation>
    </message>
</context>
<context>
    <name>ServerWindow</name>
    <message>
        <source>1 being answered or waiting</source>
        <translation>1 个正在回答或等待中</translation>
    </message>
    <message>
        <source>A request that names another model of the library loads it in place of the one loaded now</source>
        <translation>请求中指定了模型库中的其他模型时，加载该模型以替换当前模型</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Allow other computers</source>
        <translation>允许其他计算机</translation>
    </message>
    <message>
        <source>Allow other computers on the network (needs the API key)</source>
        <translation>允许网络上的其他计算机访问（需要 API 密钥）</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the API key</source>
        <translation>复制 API 密钥</translation>
    </message>
    <message>
        <source>Copy the server address</source>
        <translation>复制服务器地址</translation>
    </message>
    <message>
        <source>Let a request load another model of the library</source>
        <translation>允许请求加载模型库中的其他模型</translation>
    </message>
    <message>
        <source>Let requests load other models</source>
        <translation>允许请求加载其他模型</translation>
    </message>
    <message>
        <source>Listen on the network as well; programs then need the API key</source>
        <translation>同时在网络上监听；此时程序需要提供 API 密钥</translation>
    </message>
    <message>
        <source>Local server</source>
        <translation>本地服务器</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Requests in flight</source>
        <translation>进行中的请求</translation>
    </message>
    <message>
        <source>Serve the loaded model to other programs on this computer — editors, scripts, agents — through the OpenAI API. Nothing leaves this computer unless you allow other computers.</source>
        <translation>通过 OpenAI API 把已加载的模型提供给这台计算机上的其他程序（编辑器、脚本、智能体）。除非你允许其他计算机访问，否则任何内容都不会离开这台计算机。</translation>
    </message>
    <message>
        <source>Serve the model (OpenAI-compatible API)</source>
        <translation>提供模型服务（兼容 OpenAI 的 API）</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>Server log</source>
        <translation>服务器日志</translation>
    </message>
    <message>
        <source>Server problem</source>
        <translation>服务器问题</translation>
    </message>
    <message>
        <source>Starts or stops serving the loaded model to other programs</source>
        <translation>开始或停止向其他程序提供已加载的模型</translation>
    </message>
    <message>
        <source>The TCP port programs connect to</source>
        <translation>程序连接的 TCP 端口</translation>
    </message>
    <message>
        <source>The address to give programs</source>
        <translation>提供给程序使用的地址</translation>
    </message>
    <message>
        <source>The key programs on other computers must send</source>
        <translation>其他计算机上的程序必须发送的密钥</translation>
    </message>
    <message>
        <source>The latest requests and what the server did</source>
        <translation>最近的请求及服务器的处理情况</translation>
    </message>
    <message>
        <source>made when the server starts</source>
        <translation>服务器启动时生成</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>none: only this computer can connect</source>
        <translation>无：只有这台计算机可以连接</translation>
    </message>
    <message>
        <source>not serving</source>
        <translation>未提供服务</translation>
    </message>
    <message>
        <source>{n} being answered or waiting</source>
        <translation>{n} 个正在回答或等待中</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Anywhere in the main window</source>
        <translation>主窗口中任意位置</translation>
    </message>
    <message>
        <source>Chat list</source>
        <translation>对话列表</translation>
    </message>
    <message>
        <source>Chat search</source>
        <translation>对话搜索框</translation>
    </message>
    <message>
        <source>Clear the model search</source>
        <translation>清除模型搜索</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>清除搜索</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Close the Models window</source>
        <translation>关闭模型窗口</translation>
    </message>
    <message>
        <source>Close this list</source>
        <translation>关闭本列表</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Delete the selected chat</source>
        <translation>删除选中的对话</translation>
    </message>
    <message>
        <source>Every keyboard shortcut of Hearth: where it works, what it does and its keys.</source>
        <translation>Hearth 的全部键盘快捷键：在哪里可用、做什么、按哪些键。</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Message box</source>
        <translation>消息输入框</translation>
    </message>
    <message>
        <source>Models window</source>
        <translation>模型窗口</translation>
    </message>
    <message>
        <source>Move between chats</source>
        <translation>在对话之间移动</translation>
    </message>
    <message>
        <source>Rename the selected chat</source>
        <translation>重命名选中的对话</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <source>Skip the welcome</source>
        <translation>跳过欢迎页</translation>
    </message>
    <message>
        <source>Start a new line</source>
        <translation>换行</translation>
    </message>
    <message>
        <source>Start chatting</source>
        <translation>开始对话</translation>
    </message>
    <message>
        <source>Stop the answer</source>
        <translation>停止回答</translation>
    </message>
    <message>
        <source>This list</source>
        <translation>本列表</translation>
    </message>
    <message>
        <source>Welcome page</source>
        <translation>欢迎页</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
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
    <name>SpeedStrip</name>
    <message>
        <source>1 core</source>
        <translation>1 个核心</translation>
    </message>
    <message>
        <source>Measure again</source>
        <translation>重新测量</translation>
    </message>
    <message>
        <source>Measure memory bandwidth and arithmetic speed again (about a second); do it when the computer is otherwise idle</source>
        <translation>重新测量内存带宽和运算速度（约一秒）；请在计算机空闲时进行</translation>
    </message>
    <message>
        <source>Measure this computer&apos;s speed again</source>
        <translation>重新测量这台计算机的速度</translation>
    </message>
    <message>
        <source>Measuring this computer&apos;s speed…</source>
        <translation>正在测量这台计算机的速度…</translation>
    </message>
    <message>
        <source>Speeds are estimated for this computer: memory {bandwidth} GB/s, arithmetic {compute} GFLOPS on {cores} ({date}), corrected by the models that ran here.</source>
        <translation>速度按这台计算机估算：内存 {bandwidth} GB/s，运算 {compute} GFLOPS，使用 {cores}（{date}），并根据在这里运行过的模型加以校正。</translation>
    </message>
    <message>
        <source>Speeds are estimated for this computer: memory {bandwidth} GB/s, arithmetic {compute} GFLOPS on {cores} ({date}); GPU {gpu} ({gpu_speed}), corrected by the models that ran here.</source>
        <translation>速度按这台计算机估算：内存 {bandwidth} GB/s，运算 {compute} GFLOPS，使用 {cores}（{date}）；GPU {gpu}（{gpu_speed}），并根据在这里运行过的模型加以校正。</translation>
    </message>
    <message>
        <source>Speeds are rough estimates until this computer has been measured.</source>
        <translation>在测量这台计算机之前，速度只是粗略估计。</translation>
    </message>
    <message>
        <source>What the speeds are based on</source>
        <translation>速度估算的依据</translation>
    </message>
    <message>
        <source>d MMM yyyy</source>
        <translation>yyyy年M月d日</translation>
    </message>
    <message>
        <source>speed unknown</source>
        <translation>速度未知</translation>
    </message>
    <message>
        <source>{basis} The measurement was discarded (the computer was busy); try again when it is idle.</source>
        <translation>{basis}本次测量已作废（计算机当时正忙）；请在空闲时重试。</translation>
    </message>
    <message>
        <source>{n} GB/s</source>
        <translation>{n} GB/s</translation>
    </message>
    <message>
        <source>{n} cores</source>
        <translation>{n} 个核心</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>&lt;1 word/s</source>
        <translation>&lt;1 字/秒</translation>
    </message>
    <message>
        <source>A smarter model for this computer</source>
        <translation>适合这台计算机的更聪明的模型</translation>
    </message>
    <message>
        <source>Asking Hugging Face for the file…</source>
        <translation>正在向 Hugging Face 查询文件…</translation>
    </message>
    <message>
        <source>Browse models in the Models window</source>
        <translation>在“模型”窗口中浏览模型</translation>
    </message>
    <message>
        <source>Browse models…</source>
        <translation>浏览模型…</translation>
    </message>
    <message>
        <source>Checking the downloaded file…</source>
        <translation>正在检查下载的文件…</translation>
    </message>
    <message>
        <source>Close the welcome and go to the chat</source>
        <translation>关闭欢迎页，进入对话</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Download progress</source>
        <translation>下载进度</translation>
    </message>
    <message>
        <source>Download status</source>
        <translation>下载状态</translation>
    </message>
    <message>
        <source>Download {model}</source>
        <translation>下载 {model}</translation>
    </message>
    <message>
        <source>Downloaded</source>
        <translation>已下载</translation>
    </message>
    <message>
        <source>Everything stays on this computer: your chats, your models. Hearth works offline.</source>
        <translation>你的对话和模型都只保存在这台计算机上。Hearth 可以离线使用。</translation>
    </message>
    <message>
        <source>Fetch this model from Hugging Face into your Library</source>
        <translation>从 Hugging Face 下载此模型到你的模型库</translation>
    </message>
    <message>
        <source>Hearth icon</source>
        <translation>Hearth 图标</translation>
    </message>
    <message>
        <source>Hugging Face no longer has {file}. Models → Find and download has others.</source>
        <translation>Hugging Face 上已经没有 {file} 了。可以在“模型 → 查找和下载模型”中找找其他模型。</translation>
    </message>
    <message>
        <source>It is in your Library: pick it from the model menu above the chat.</source>
        <translation>它已在你的模型库中：可在对话上方的模型菜单中选择它。</translation>
    </message>
    <message>
        <source>It needs about {needed} of memory and fits comfortably in this computer&apos;s memory, and should write about {words} words a second here. It gives better answers than the starter model, which writes faster still.</source>
        <translation>它约需 {needed} 内存，完全放得下这台计算机的内存，在这里每秒大约能写 {words} 个字。它的回答比入门模型更好，不过入门模型写得更快。</translation>
    </message>
    <message>
        <source>It needs about {needed} of memory and fits comfortably in this computer&apos;s memory. It gives better answers than the starter model, which writes faster still.</source>
        <translation>它约需 {needed} 内存，完全放得下这台计算机的内存。它的回答比入门模型更好，不过入门模型写得更快。</translation>
    </message>
    <message>
        <source>It needs about {needed} of memory and fits comfortably in this computer&apos;s {total}, and should write about {words} words a second here. It gives better answers than the starter model, which writes faster still.</source>
        <translation>它约需 {needed} 内存，在这台计算机的 {total} 内存中绰绰有余，在这里每秒大约能写 {words} 个字。它的回答比入门模型更好，不过入门模型写得更快。</translation>
    </message>
    <message>
        <source>It needs about {needed} of memory and fits comfortably in this computer&apos;s {total}. It gives better answers than the starter model, which writes faster still.</source>
        <translation>它约需 {needed} 内存，在这台计算机的 {total} 内存中绰绰有余。它的回答比入门模型更好，不过入门模型写得更快。</translation>
    </message>
    <message>
        <source>On this computer the starter model is the best fit: the larger models would not fit in the free memory or would answer too slowly to chat. Models → Find and download shows what else would run, and how fast.</source>
        <translation>在这台计算机上，入门模型最合适：更大的模型要么放不下空闲内存，要么回答太慢、无法流畅对话。“模型 → 查找和下载模型”会显示还有哪些模型能运行，以及运行速度。</translation>
    </message>
    <message>
        <source>Open the Models window to find and download others</source>
        <translation>打开“模型”窗口，查找并下载其他模型</translation>
    </message>
    <message>
        <source>Paused: resume it in Models → Downloads.</source>
        <translation>已暂停：可在“模型 → 下载”中继续。</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>准备中…</translation>
    </message>
    <message>
        <source>Private AI chat that runs on this computer.</source>
        <translation>在这台计算机上运行的私密 AI 对话。</translation>
    </message>
    <message>
        <source>Recommended model</source>
        <translation>推荐的模型</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Retry the download</source>
        <translation>重试下载</translation>
    </message>
    <message>
        <source>Start chatting</source>
        <translation>开始对话</translation>
    </message>
    <message>
        <source>The download failed.</source>
        <translation>下载失败。</translation>
    </message>
    <message>
        <source>The download was cancelled.</source>
        <translation>下载已取消。</translation>
    </message>
    <message>
        <source>The small starter model is not installed, so Hearth cannot answer yet. Download the model below, or pick one in Models → Find and download.</source>
        <translation>小型入门模型没有安装，所以 Hearth 暂时还不能回答。请下载下面的模型，或在“模型 → 查找和下载模型”中挑选一个。</translation>
    </message>
    <message>
        <source>The small starter model is not installed, so Hearth cannot answer yet. Pick a model in Models → Find and download.</source>
        <translation>小型入门模型没有安装，所以 Hearth 暂时还不能回答。请在“模型 → 查找和下载模型”中挑选一个模型。</translation>
    </message>
    <message>
        <source>The starter model is ready — ask anything, it answers straight away.</source>
        <translation>入门模型已就绪——随便问，它马上就能回答。</translation>
    </message>
    <message>
        <source>Waiting to start…</source>
        <translation>等待开始…</translation>
    </message>
    <message>
        <source>Welcome to Hearth</source>
        <translation>欢迎使用 Hearth</translation>
    </message>
    <message>
        <source>You can do this later from Models → Find and download.</source>
        <translation>你也可以稍后在“模型 → 查找和下载模型”中进行。</translation>
    </message>
    <message>
        <source>{model} · {size} download · {license} licence</source>
        <translation>{model} · 下载 {size} · {license} 许可证</translation>
    </message>
    <message>
        <source>{model} · {size} download · {license} licence · {speed}</source>
        <translation>{model} · 下载 {size} · {license} 许可证 · {speed}</translation>
    </message>
    <message>
        <source>{n} words/s</source>
        <translation>{n} 字/秒</translation>
    </message>
    <message>
        <source>{problem} You can do this later from Models → Find and download.</source>
        <translation>{problem}你也可以稍后在“模型 → 查找和下载模型”中进行。</translation>
    </message>
    <message>
        <source>{progress}. It keeps going in the background.</source>
        <translation>{progress}。下载会在后台继续。</translation>
    </message>
    <message>
        <source>~{n} words/s</source>
        <translation>约 {n} 字/秒</translation>
    </message>
</context>
<context>
    <name>dialogs</name>
    <message>
        <source>About Hearth</source>
        <translation>关于 Hearth</translation>
    </message>
    <message>
        <source>Built with</source>
        <translation>使用的组件</translation>
    </message>
    <message>
        <source>Export chat</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Markdown (*.md);;JSON (*.json)</source>
        <translation>Markdown 文件 (*.md);;JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>Open a model file</source>
        <translation>打开模型文件</translation>
    </message>
    <message>
        <source>Private, offline AI chat: your chats and your models stay on this computer, and nothing you type is sent anywhere.</source>
        <translation>私密的离线 AI 对话：你的对话和模型都留在这台电脑上，你输入的任何内容都不会被发送出去。</translation>
    </message>
    <message>
        <source>bundled</source>
        <translation>内置</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>llama.cpp comes inside llama-cpp-python. The starter model, SmolLM2-135M-Instruct, is by Hugging Face. Qt and PySide6 are used under the LGPL-3.0: you may replace them with your own build.</source>
        <translation>llama.cpp 包含在 llama-cpp-python 中。入门模型 SmolLM2-135M-Instruct 由 Hugging Face 发布。Qt 和 PySide6 依据 LGPL-3.0 使用：你可以用自己构建的版本替换它们。</translation>
    </message>
    <message>
        <source>not installed</source>
        <translation>未安装</translation>
    </message>
</context>
<context>
    <name>downloads_tab</name>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Checking the file&apos;s checksum…</source>
        <translation>正在核对文件校验和…</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>正在下载</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Ready in Library</source>
        <translation>已在模型库中就绪</translation>
    </message>
    <message>
        <source>Waiting to start</source>
        <translation>等待开始</translation>
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
    <name>gui</name>
    <message>
        <source>Hearth cannot open its history</source>
        <translation>Hearth 无法打开对话记录</translation>
    </message>
    <message>
        <source>Hearth hit a bug</source>
        <translation>Hearth 遇到了一个错误</translation>
    </message>
    <message>
        <source>Hearth&apos;s history file was damaged and was set aside as {name}; a new, empty history was started.</source>
        <translation>Hearth 的对话记录文件已损坏，已另存为 {name}；已新建一份空的对话记录。</translation>
    </message>
    <message>
        <source>Something went wrong inside Hearth. Your chats are saved.

A report was written to {path}.</source>
        <translation>Hearth 内部出了问题。你的对话都已保存。

错误报告已写入 {path}。</translation>
    </message>
</context>
<context>
    <name>library_texts</name>
    <message>
        <source>Hearth does not own these files, so they stay where they are: {files}. Only the Library entry is removed.</source>
        <translation>这些文件不归 Hearth 所有，因此会留在原处：{files}。只移除模型库中的条目。</translation>
    </message>
    <message>
        <source>Only the Library entry is removed.</source>
        <translation>只移除模型库中的条目。</translation>
    </message>
    <message>
        <source>This frees {size}.</source>
        <translation>这将释放 {size}。</translation>
    </message>
    <message>
        <source>This frees {size}. Files Hearth does not own are kept: {files}.</source>
        <translation>这将释放 {size}。不归 Hearth 所有的文件会保留：{files}。</translation>
    </message>
    <message>
        <source>…and {count} more</source>
        <translation>……还有 {count} 个</translation>
    </message>
</context>
<context>
    <name>markdown</name>
    <message>
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <source>[image: {alt}]</source>
        <translation>[图片：{alt}]</translation>
    </message>
    <message>
        <source>[image]</source>
        <translation>[图片]</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
</context>
<context>
    <name>message_html</name>
    <message>
        <source>1 token</source>
        <translation>1 个 token</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续生成</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy thinking</source>
        <translation>复制思考过程</translation>
    </message>
    <message>
        <source>Delete this version</source>
        <translation>删除此版本</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Error: {error}</source>
        <translation>错误：{error}</translation>
    </message>
    <message>
        <source>Next version</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <source>Previous version</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <source>Probabilities</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>The model was still thinking when it stopped, so it gave no answer. Regenerate, raise Max tokens, or switch Thinking off.</source>
        <translation>模型停止时仍在思考，所以没有给出回答。可以重新生成、调高“最大 token 数”，或关闭思考。</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>思考中……</translation>
    </message>
    <message>
        <source>Thought briefly</source>
        <translation>稍作思考</translation>
    </message>
    <message>
        <source>Thought for {minutes} min</source>
        <translation>思考了 {minutes} 分钟</translation>
    </message>
    <message>
        <source>Thought for {seconds} s</source>
        <translation>思考了 {seconds} 秒</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>cut off at the token limit</source>
        <translation>因达到 token 上限而截断</translation>
    </message>
    <message>
        <source>cut off: the context is full</source>
        <translation>因上下文已满而截断</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>resumed instantly from saved memory (1 token not read again)</source>
        <translation>已从保存的缓存即时恢复（1 个 token 无需重新读取）</translation>
    </message>
    <message>
        <source>resumed instantly from saved memory ({count} tokens not read again)</source>
        <translation>已从保存的缓存即时恢复（{count} 个 token 无需重新读取）</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>the answer failed</source>
        <translation>回答失败</translation>
    </message>
    <message>
        <source>the oldest message was outside the context</source>
        <translation>最早的 1 条消息超出了上下文</translation>
    </message>
    <message>
        <source>the oldest {count} messages were outside the context</source>
        <translation>最早的 {count} 条消息超出了上下文</translation>
    </message>
    <message>
        <source>{count} tokens</source>
        <translation>{count} 个 token</translation>
    </message>
    <message>
        <source>{index} / {count}</source>
        <translation>{index} / {count}</translation>
    </message>
    <message>
        <source>{ms} ms to first token</source>
        <translation>首个 token 用时 {ms} 毫秒</translation>
    </message>
    <message>
        <source>{rate} tok/s</source>
        <translation>{rate} token/秒</translation>
    </message>
</context>
<context>
    <name>model_common</name>
    <message>
        <source>1 byte</source>
        <translation>1 字节</translation>
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
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} 小时 {m} 分钟</translation>
    </message>
    <message>
        <source>{n} bytes</source>
        <translation>{n} 字节</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
</context>
<context>
    <name>model_detail</name>
    <message>
        <source>Built in</source>
        <translation>内置</translation>
    </message>
    <message>
        <source>Built-in starter model</source>
        <translation>内置入门模型</translation>
    </message>
    <message>
        <source>Downloaded from Hugging Face</source>
        <translation>从 Hugging Face 下载</translation>
    </message>
    <message>
        <source>File size: {bytes} bytes ({size}).</source>
        <translation>文件大小：{bytes} 字节（{size}）。</translation>
    </message>
    <message>
        <source>HF cache</source>
        <translation>HF 缓存</translation>
    </message>
    <message>
        <source>Hearth cannot work out the memory this context needs.</source>
        <translation>Hearth 无法算出这个上下文需要多少内存。</translation>
    </message>
    <message>
        <source>Hugging Face</source>
        <translation>Hugging Face</translation>
    </message>
    <message>
        <source>Hugging Face cache (linked in place)</source>
        <translation>Hugging Face 缓存（原地链接）</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>Imported (copied into Hearth&apos;s folder)</source>
        <translation>已导入（复制到 Hearth 的文件夹）</translation>
    </message>
    <message>
        <source>KV cache at {n_ctx} tokens: about {size} (estimated from the parameter count)</source>
        <translation>{n_ctx} 个 token 的 KV 缓存：约 {size}（根据参数量估算）</translation>
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
        <source>LM Studio</source>
        <translation>LM Studio</translation>
    </message>
    <message>
        <source>LM Studio (linked in place)</source>
        <translation>LM Studio（原地链接）</translation>
    </message>
    <message>
        <source>Linked</source>
        <translation>已链接</translation>
    </message>
    <message>
        <source>Linked in place</source>
        <translation>原地链接</translation>
    </message>
    <message>
        <source>Quantized from {original}</source>
        <translation>由 {original} 量化而来</translation>
    </message>
    <message>
        <source>Quantized on this computer from {original}</source>
        <translation>在这台电脑上由 {original} 量化而来</translation>
    </message>
    <message>
        <source>Quantized on this computer from {original} ({quant})</source>
        <translation>在这台电脑上由 {original}（{quant}）量化而来</translation>
    </message>
    <message>
        <source>{params} parameters × {per_param} bytes per parameter ({bits} bits ÷ 8) = {total} bytes ({size})</source>
        <translation>{params} 个参数 × 每个参数 {per_param} 字节（{bits} 位 ÷ 8）= {total} 字节（{size}）</translation>
    </message>
    <message>
        <source>{source} — Hearth never deletes this file</source>
        <translation>{source}——Hearth 永远不会删除这个文件</translation>
    </message>
</context>
<context>
    <name>model_store</name>
    <message>
        <source>&lt;1 word/s</source>
        <translation>&lt;1 字/秒</translation>
    </message>
    <message>
        <source>A file called {name} appeared in {folder} meanwhile. Choose another name.</source>
        <translation>在此期间 {folder} 中出现了名为 {name} 的文件。请换一个名称。</translation>
    </message>
    <message>
        <source>A name has at most {n} characters and no “/”.</source>
        <translation>名称最多 {n} 个字符，且不能包含“/”。</translation>
    </message>
    <message>
        <source>A remote engine uses its own chat template; change it on that server.</source>
        <translation>远程引擎使用它自己的对话模板；请在那台服务器上修改。</translation>
    </message>
    <message>
        <source>Another quantization is writing {name} right now. Wait for it to finish, or choose another output name.</source>
        <translation>另一个量化任务正在写入 {name}。请等它完成，或换一个输出文件名。</translation>
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
        <source>Corrected ×{factor} by the speed of models that ran here</source>
        <translation>已按在本机运行过的模型的速度校正 ×{factor}</translation>
    </message>
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
        <source>Give the remote engine a name, e.g. “GPU server”.</source>
        <translation>请为远程引擎起个名字，例如“GPU 服务器”。</translation>
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
        <source>Hearth can&apos;t reach the Hugging Face Hub. Check your internet connection (and proxy settings), then try again; models already downloaded keep working offline.</source>
        <translation>Hearth 无法连接 Hugging Face Hub。请检查网络连接（以及代理设置）后重试；已下载的模型离线也能继续使用。</translation>
    </message>
    <message>
        <source>Hearth can&apos;t write to {folder}: {reason}. Check the folder&apos;s permissions and free space.</source>
        <translation>Hearth 无法写入 {folder}：{reason}。请检查该文件夹的权限和可用空间。</translation>
    </message>
    <message>
        <source>Hearth cannot read {name}: {reason}.</source>
        <translation>Hearth 无法读取 {name}：{reason}。</translation>
    </message>
    <message>
        <source>Hearth cannot read {name}: {reason}. Check the file&apos;s permissions and that its drive is connected.</source>
        <translation>Hearth 无法读取 {name}：{reason}。请检查文件权限，并确认它所在的磁盘已连接。</translation>
    </message>
    <message>
        <source>Hearth could not copy {name} into its models folder: {reason}. Check free disk space, or link the file in place.</source>
        <translation>Hearth 无法把 {name} 复制到模型文件夹：{reason}。请检查磁盘可用空间，或改为原地链接该文件。</translation>
    </message>
    <message>
        <source>Hearth could not delete {name}: {reason}. Close any program using it and try again.</source>
        <translation>Hearth 无法删除 {name}：{reason}。请关闭正在使用它的程序，然后重试。</translation>
    </message>
    <message>
        <source>Hearth could not quantize {name} to {qtype}: it is already quantized. Allow requantizing to go ahead anyway.</source>
        <translation>Hearth 无法把 {name} 量化为 {qtype}：它已经量化过。如仍要继续，请允许重新量化。</translation>
    </message>
    <message>
        <source>Hearth could not quantize {name} to {qtype}: llama.cpp reported an error. The file may be damaged, or of a kind this version of llama.cpp can&apos;t quantize.</source>
        <translation>Hearth 无法把 {name} 量化为 {qtype}：llama.cpp 报告了错误。文件可能已损坏，或者是此版本 llama.cpp 无法量化的类型。</translation>
    </message>
    <message>
        <source>Hearth could not quantize {name} to {qtype}: the quantizer stopped unexpectedly. The computer may have run out of memory; close other programs and try again.</source>
        <translation>Hearth 无法把 {name} 量化为 {qtype}：量化程序意外停止，电脑可能内存不足。请关闭其他程序后重试。</translation>
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
        <source>Hearth could not reach {host} ({reason}). Is the server running, and is the address right?</source>
        <translation>Hearth 无法连接 {host}（{reason}）。服务器是否在运行，地址是否正确？</translation>
    </message>
    <message>
        <source>Hearth could not run the quantizer or place its output: {reason}.</source>
        <translation>Hearth 无法运行量化程序或放置其输出：{reason}。</translation>
    </message>
    <message>
        <source>Hearth could not save the Library list in {folder}: {reason}. Check free disk space and permissions.</source>
        <translation>Hearth 无法在 {folder} 中保存模型库列表：{reason}。请检查磁盘可用空间和权限。</translation>
    </message>
    <message>
        <source>Hearth could not use that template ({error}).</source>
        <translation>Hearth 无法使用这个模板（{error}）。</translation>
    </message>
    <message>
        <source>Hearth couldn&apos;t write to {folder}, so it can&apos;t download there. Check that the folder exists and that you may write to it, then try again.</source>
        <translation>Hearth 无法写入 {folder}，因此无法下载到那里。请确认该文件夹存在且您有写入权限，然后重试。</translation>
    </message>
    <message>
        <source>Hearth couldn&apos;t write {name} to disk. Check the models folder and resume the download.</source>
        <translation>Hearth 无法把 {name} 写入磁盘。请检查模型文件夹，然后继续下载。</translation>
    </message>
    <message>
        <source>Hearth couldn&apos;t write {name} to disk. Check the models folder, then resume the download.</source>
        <translation>Hearth 无法把 {name} 写入磁盘。请检查模型文件夹，然后继续下载。</translation>
    </message>
    <message>
        <source>Hearth doesn&apos;t know the quantization type “{qtype}”. Choose one of {types}.</source>
        <translation>Hearth 不认识量化类型“{qtype}”。请从以下类型中选择：{types}。</translation>
    </message>
    <message>
        <source>Hearth hit an unexpected problem while answering. Details are in the log.</source>
        <translation>Hearth 在生成回答时遇到了意外问题。详细信息见日志。</translation>
    </message>
    <message>
        <source>Hearth hit an unexpected problem while loading the model. Details are in the log.</source>
        <translation>Hearth 在加载模型时遇到了意外问题。详细信息见日志。</translation>
    </message>
    <message>
        <source>Hearth hit an unexpected problem. Details are in the log.</source>
        <translation>Hearth 遇到了意外问题。详细信息见日志。</translation>
    </message>
    <message>
        <source>Hearth is shutting down; the quantization was not started.</source>
        <translation>Hearth 正在退出；量化没有开始。</translation>
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
        <source>It needs about {needed} of memory and fits comfortably in this computer&apos;s {memory}, and should write about {words} words a second here.</source>
        <translation>它需要约 {needed} 内存，在这台电脑的 {memory} 内存中绰绰有余，在这里每秒大约能写 {words} 个字。</translation>
    </message>
    <message>
        <source>It needs about {needed} of memory and fits comfortably in this computer&apos;s {memory}.</source>
        <translation>它需要约 {needed} 内存，在这台电脑的 {memory} 内存中绰绰有余。</translation>
    </message>
    <message>
        <source>Load a model before changing its chat template.</source>
        <translation>请先加载模型，再修改它的对话模板。</translation>
    </message>
    <message>
        <source>No model called “{name}” and no such file. Known models: {names}.</source>
        <translation>没有名为“{name}”的模型，也没有这个文件。已知的模型：{names}。</translation>
    </message>
    <message>
        <source>No model called “{name}” in your Library. See the Library list for names.</source>
        <translation>模型库中没有名为“{name}”的模型。可在模型库列表中查看名称。</translation>
    </message>
    <message>
        <source>No model is loaded yet. Pick one from the model menu.</source>
        <translation>还没有加载模型。请从模型菜单中选择一个。</translation>
    </message>
    <message>
        <source>Not enough free disk space for {name}: it needs {needed} more and {free} are free. Free some space, then resume the download.</source>
        <translation>磁盘空间不足，无法存放 {name}：还需要 {needed}，目前可用 {free}。请腾出一些空间，然后继续下载。</translation>
    </message>
    <message>
        <source>Quantizing {name} to {qtype} needs {needed} but only {free} is free in {folder}. Free some space and try again.</source>
        <translation>把 {name} 量化为 {qtype} 需要 {needed}，但 {folder} 只剩 {free} 可用。请腾出一些空间后重试。</translation>
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
        <source>Remote engines are not available here; choose a model file.</source>
        <translation>这里不能使用远程引擎；请选择一个模型文件。</translation>
    </message>
    <message>
        <source>Serving at {url}</source>
        <translation>正在 {url} 提供服务</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Shard {shard} of this split model is missing. Download or copy it next to {name} and try again.</source>
        <translation>这个分片模型缺少分片 {shard}。请下载或复制到 {name} 旁边，然后重试。</translation>
    </message>
    <message>
        <source>That file is no longer in {repo}; reload its file list.</source>
        <translation>{repo} 中已没有该文件；请重新加载它的文件列表。</translation>
    </message>
    <message>
        <source>That output name has no usable characters. Choose a name such as model-Q4_K_M.gguf.</source>
        <translation>这个输出文件名没有可用的字符。请换一个名称，例如 model-Q4_K_M.gguf。</translation>
    </message>
    <message>
        <source>The Hugging Face Hub is having trouble right now. Try again in a few minutes.</source>
        <translation>Hugging Face Hub 目前出了点问题。请过几分钟再试。</translation>
    </message>
    <message>
        <source>The Hugging Face Hub is limiting requests right now. Wait a minute and try again.</source>
        <translation>Hugging Face Hub 目前正在限制请求。请等一分钟后重试。</translation>
    </message>
    <message>
        <source>The Hugging Face Hub refused the download of {name}. Try again later.</source>
        <translation>Hugging Face Hub 拒绝了 {name} 的下载。请稍后重试。</translation>
    </message>
    <message>
        <source>The Hugging Face Hub refused the request. Try again later.</source>
        <translation>Hugging Face Hub 拒绝了请求。请稍后重试。</translation>
    </message>
    <message>
        <source>The Hugging Face Hub sent an answer Hearth doesn&apos;t understand. Try again later.</source>
        <translation>Hugging Face Hub 返回了 Hearth 无法理解的响应。请稍后重试。</translation>
    </message>
    <message>
        <source>The Hugging Face access token in Settings was refused. Paste a new token or remove it, then try again.</source>
        <translation>设置中的 Hugging Face 访问令牌被拒绝。请粘贴新的令牌或将其删除，然后重试。</translation>
    </message>
    <message>
        <source>The built-in starter model is not installed. Reinstall Hearth, or pass --model with a .gguf file.</source>
        <translation>内置的入门模型没有安装。请重新安装 Hearth，或用 --model 指定一个 .gguf 文件。</translation>
    </message>
    <message>
        <source>The chat history at {path} is damaged or is not a Hearth history file.</source>
        <translation>位于 {path} 的对话记录已损坏，或者不是 Hearth 的对话记录文件。</translation>
    </message>
    <message>
        <source>The chat history is closed.</source>
        <translation>对话记录已关闭。</translation>
    </message>
    <message>
        <source>The connection to {host} closed in the middle of the answer; what arrived is kept.</source>
        <translation>与 {host} 的连接在回答中途关闭；已收到的内容会保留。</translation>
    </message>
    <message>
        <source>The connection to {host} dropped in the middle of the answer; what arrived is kept.</source>
        <translation>与 {host} 的连接在回答中途中断；已收到的内容会保留。</translation>
    </message>
    <message>
        <source>The connection to {host} ended before the answer did; what arrived is kept.</source>
        <translation>与 {host} 的连接在回答结束前就断开了；已收到的内容会保留。</translation>
    </message>
    <message>
        <source>The download failed unexpectedly. Try again; if it keeps failing, see the log for details.</source>
        <translation>下载意外失败。请重试；如果一直失败，请查看日志了解详情。</translation>
    </message>
    <message>
        <source>The download of {name} keeps failing. Check your internet connection and resume it later; what arrived so far is kept.</source>
        <translation>{name} 的下载一直失败。请检查网络连接，稍后继续下载；已下载的部分会保留。</translation>
    </message>
    <message>
        <source>The file of {name} is missing ({path}). Reconnect its drive, or remove it from the Library.</source>
        <translation>{name} 的文件不见了（{path}）。请重新连接它所在的磁盘，或将它从模型库中移除。</translation>
    </message>
    <message>
        <source>The file {shard} is missing. Download or copy it next to {name} and try again.</source>
        <translation>缺少文件 {shard}。请下载或复制到 {name} 旁边，然后重试。</translation>
    </message>
    <message>
        <source>The import of {name} was cancelled; nothing was kept.</source>
        <translation>{name} 的导入已取消；没有保留任何内容。</translation>
    </message>
    <message>
        <source>The model file {path} does not exist. Check the path, or use one of the known models: {names}.</source>
        <translation>模型文件 {path} 不存在。请检查路径，或使用已知的模型之一：{names}。</translation>
    </message>
    <message>
        <source>The model file {path} does not exist. It may have been moved or deleted; pick another model or import it again.</source>
        <translation>模型文件 {path} 不存在，可能已被移动或删除。请选择其他模型，或重新导入。</translation>
    </message>
    <message>
        <source>The model stopped unexpectedly while writing the answer (llama.cpp error {code}). Try again, or start a new chat.</source>
        <translation>模型在生成回答时意外停止（llama.cpp 错误 {code}）。请重试，或开始新对话。</translation>
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
        <source>The prompt is {tokens} tokens long but the model&apos;s context holds {size}. Shorten it, or raise the context length.</source>
        <translation>提示词有 {tokens} 个 token，但模型的上下文只能容纳 {size} 个。请缩短提示词，或调大上下文长度。</translation>
    </message>
    <message>
        <source>The quantization failed unexpectedly.</source>
        <translation>量化意外失败。</translation>
    </message>
    <message>
        <source>The quantized {name} could not be added to the Library: {reason}</source>
        <translation>量化后的 {name} 无法添加到模型库：{reason}</translation>
    </message>
    <message>
        <source>The remote engine makes the prompt from these messages with its own template; Hearth cannot show its exact text.</source>
        <translation>远程引擎用它自己的模板把这些消息拼成提示词；Hearth 无法显示其确切文本。</translation>
    </message>
    <message>
        <source>There is already a file called {name} in {folder}. Choose another name.</source>
        <translation>{folder} 中已有名为 {name} 的文件。请换一个名称。</translation>
    </message>
    <message>
        <source>There is already a remote engine called “{name}”.</source>
        <translation>已经有一个名为“{name}”的远程引擎。</translation>
    </message>
    <message>
        <source>There is no free disk space left for {name}. Free some space, then resume the download.</source>
        <translation>磁盘已没有空间存放 {name}。请腾出一些空间，然后继续下载。</translation>
    </message>
    <message>
        <source>There is no free disk space left in {folder}, so Hearth can&apos;t download there. Free some disk space, then try again.</source>
        <translation>{folder} 所在磁盘已没有可用空间，Hearth 无法下载到那里。请腾出一些磁盘空间，然后重试。</translation>
    </message>
    <message>
        <source>There is no remote engine called “{name}” any more. Add it again with Models → Add a remote engine…</source>
        <translation>名为“{name}”的远程引擎已不存在。请通过“模型 → 添加远程引擎…”重新添加。</translation>
    </message>
    <message>
        <source>There is not enough free disk space to copy {name} ({needed} needed, {free} free). Free some space, or link the file in place.</source>
        <translation>磁盘空间不足，无法复制 {name}（需要 {needed}，可用 {free}）。请腾出一些空间，或改为原地链接该文件。</translation>
    </message>
    <message>
        <source>This branch starts {tokens} tokens into an answer to a {prompt}-token conversation: more than the model&apos;s context holds ({size}). Raise the context length, or branch earlier in the answer.</source>
        <translation>这个分支从一段 {prompt} token 对话的回答第 {tokens} 个 token 处开始，超出了模型上下文的容量（{size}）。请调大上下文长度，或在回答中更靠前的位置创建分支。</translation>
    </message>
    <message>
        <source>This build of llama.cpp cannot keep the KV cache as {kv_type}. Choose f16.</source>
        <translation>此版本的 llama.cpp 无法以 {kv_type} 格式保存 KV 缓存。请选择 f16。</translation>
    </message>
    <message>
        <source>This conversation is {tokens} tokens long but the model&apos;s context holds {size}. Start a new chat, raise the context length, or let Hearth leave out the oldest messages (chat settings).</source>
        <translation>这段对话有 {tokens} 个 token，但模型的上下文只能容纳 {size} 个。请开始新对话、调大上下文长度，或者让 Hearth 略去最早的消息（在对话设置中）。</translation>
    </message>
    <message>
        <source>This file has no usable name, so Hearth won&apos;t save it.</source>
        <translation>这个文件没有可用的文件名，Hearth 不会保存它。</translation>
    </message>
    <message>
        <source>This history was written by a newer Hearth (schema version {found}; this one understands up to {latest}). Update Hearth to open {path}.</source>
        <translation>这份对话记录由更新版本的 Hearth 写入（结构版本 {found}；当前版本最高只能识别 {latest}）。请更新 Hearth 后再打开 {path}。</translation>
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
        <source>Those tokens belong to another model; load the model that wrote the answer, or branch from its text.</source>
        <translation>这些 token 属于另一个模型；请加载写出这条回答的模型，或从回答的文字创建分支。</translation>
    </message>
    <message>
        <source>Too slow to chat comfortably on this computer: choose a smaller file or model.</source>
        <translation>在这台电脑上太慢，无法流畅对话：请选择更小的文件或模型。</translation>
    </message>
    <message>
        <source>Writing: {tok_s} tokens/s (about {words} words/s), a rough estimate: this computer&apos;s speed has not been measured yet</source>
        <translation>生成：{tok_s} token/秒（约 {words} 字/秒），粗略估算：还没有测量过这台电脑的速度</translation>
    </message>
    <message>
        <source>Writing: {tok_s} tokens/s (about {words} words/s), estimated for this computer</source>
        <translation>生成：{tok_s} token/秒（约 {words} 字/秒），按这台电脑估算</translation>
    </message>
    <message>
        <source>Writing: {tok_s} tokens/s (about {words} words/s), measured on this computer</source>
        <translation>生成：{tok_s} token/秒（约 {words} 字/秒），在这台电脑上实测</translation>
    </message>
    <message>
        <source>Your access token isn&apos;t allowed to read {repo}. Request access on huggingface.co/{repo} or use a token with read access.</source>
        <translation>您的访问令牌无权读取 {repo}。请在 huggingface.co/{repo} 上申请访问权限，或使用具有读取权限的令牌。</translation>
    </message>
    <message>
        <source>Your last message and the system prompt alone take {tokens} tokens, but the model&apos;s context holds {size} and needs room left for the answer. Shorten the message, or raise the context length.</source>
        <translation>仅您的最后一条消息和系统提示词就占了 {tokens} 个 token，而模型的上下文只能容纳 {size} 个，还要给回答留出空间。请缩短消息，或调大上下文长度。</translation>
    </message>
    <message>
        <source>an unknown amount is free</source>
        <translation>可用量未知</translation>
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
        <source>fair; an older format, fast on some hardware</source>
        <translation>一般；较旧的格式，在部分硬件上较快</translation>
    </message>
    <message>
        <source>good; a little smaller and worse than Q4_K_M</source>
        <translation>好；比 Q4_K_M 稍小，质量稍差</translation>
    </message>
    <message>
        <source>good; the usual balance of size and quality</source>
        <translation>好；大小与质量的常用平衡点</translation>
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
        <source>needs about {needed} of memory (weights {weights}, {cache}); {free}</source>
        <translation>需要约 {needed} 内存（权重 {weights}，{cache}）；{free}</translation>
    </message>
    <message>
        <source>needs about {needed} of memory, up to {peak} with a full context (weights {weights}, {cache}); {free}</source>
        <translation>需要约 {needed} 内存，上下文满时最多 {peak}（权重 {weights}，{cache}）；{free}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>none installed</source>
        <translation>尚未安装任何模型</translation>
    </message>
    <message>
        <source>not enough memory</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <source>noticeably worse; for when memory is tight</source>
        <translation>明显变差；适合内存紧张时使用</translation>
    </message>
    <message>
        <source>poor without care; needs an importance matrix</source>
        <translation>处理不当时很差；需要重要性矩阵</translation>
    </message>
    <message>
        <source>practically the same as the original; half the size of F16</source>
        <translation>与原版几乎相同；大小是 F16 的一半</translation>
    </message>
    <message>
        <source>this model</source>
        <translation>此模型</translation>
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
        <source>unknown type</source>
        <translation>未知类型</translation>
    </message>
    <message>
        <source>very close to the original</source>
        <translation>非常接近原版</translation>
    </message>
    <message>
        <source>very good</source>
        <translation>很好</translation>
    </message>
    <message>
        <source>very good; a little larger than Q5_K_S</source>
        <translation>很好；比 Q5_K_S 稍大</translation>
    </message>
    <message>
        <source>very poor; needs an importance matrix</source>
        <translation>很差；需要重要性矩阵</translation>
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
        <source>{host} answered, but not like an OpenAI-compatible server (GET /v1/models gave no model list).</source>
        <translation>{host} 有响应，但不像是兼容 OpenAI 的服务器（GET /v1/models 没有返回模型列表）。</translation>
    </message>
    <message>
        <source>{host} did not answer in time. Is it busy, or behind a firewall?</source>
        <translation>{host} 没有及时响应。它是否正忙，或者在防火墙后面？</translation>
    </message>
    <message>
        <source>{host} does not have that model or endpoint (HTTP 404).</source>
        <translation>{host} 上没有这个模型或接口（HTTP 404）。</translation>
    </message>
    <message>
        <source>{host} does not have that model or endpoint (HTTP 404): {message}.</source>
        <translation>{host} 上没有这个模型或接口（HTTP 404）：{message}。</translation>
    </message>
    <message>
        <source>{host} failed (HTTP {status}).</source>
        <translation>{host} 出错（HTTP {status}）。</translation>
    </message>
    <message>
        <source>{host} failed (HTTP {status}): {message}.</source>
        <translation>{host} 出错（HTTP {status}）：{message}。</translation>
    </message>
    <message>
        <source>{host} has no model named “{model}” (it serves: {models}).</source>
        <translation>{host} 上没有名为“{model}”的模型（它提供的是：{models}）。</translation>
    </message>
    <message>
        <source>{host} is busy (HTTP {status}); try again in a moment.</source>
        <translation>{host} 正忙（HTTP {status}）；请稍后重试。</translation>
    </message>
    <message>
        <source>{host} refused the API key (HTTP {status}). Set the right one with Models → Remote engines → Change API key…</source>
        <translation>{host} 拒绝了 API 密钥（HTTP {status}）。请通过“模型 → 远程引擎 → 更改 API 密钥…”设置正确的密钥。</translation>
    </message>
    <message>
        <source>{host} refused the request: bad request.</source>
        <translation>{host} 拒绝了请求：请求无效。</translation>
    </message>
    <message>
        <source>{host} refused the request: {message}.</source>
        <translation>{host} 拒绝了请求：{message}。</translation>
    </message>
    <message>
        <source>{host} sent something that is not an OpenAI stream; the answer so far is kept.</source>
        <translation>{host} 发来的不是 OpenAI 格式的流；目前的回答会保留。</translation>
    </message>
    <message>
        <source>{host} stopped sending the answer; what arrived is kept.</source>
        <translation>{host} 停止发送回答；已收到的内容会保留。</translation>
    </message>
    <message>
        <source>{host} stopped with an error: {message}</source>
        <translation>{host} 因错误而停止：{message}</translation>
    </message>
    <message>
        <source>{name} arrived with the wrong size, so Hearth deleted it. Try the download again.</source>
        <translation>{name} 下载后的大小不对，Hearth 已将其删除。请重新下载。</translation>
    </message>
    <message>
        <source>{name} at a context of {n_ctx} tokens {estimate}. Choose a smaller context length or a smaller model.</source>
        <translation>{name} 在 {n_ctx} token 的上下文下{estimate}。请选择更小的上下文长度或更小的模型。</translation>
    </message>
    <message>
        <source>{name} can&apos;t be quantized: {reason}</source>
        <translation>{name} 无法量化：{reason}</translation>
    </message>
    <message>
        <source>{name} cannot keep its KV cache as {kv_type}: its attention rows ({k} and {v} values) are not whole blocks of {block}. Choose f16.</source>
        <translation>{name} 无法以 {kv_type} 格式保存 KV 缓存：它的注意力行（{k} 和 {v} 个值）不是 {block} 的整数倍。请选择 f16。</translation>
    </message>
    <message>
        <source>{name} contains no model weights (no tensors). It may be a vocabulary-only file; choose the model&apos;s full .gguf file.</source>
        <translation>{name} 不包含模型权重（没有张量），可能只是词表文件；请选择该模型完整的 .gguf 文件。</translation>
    </message>
    <message>
        <source>{name} didn&apos;t match the checksum published on the Hugging Face Hub, so Hearth deleted it. Try the download again; if it happens again, the file on the Hub may have changed.</source>
        <translation>{name} 与 Hugging Face Hub 上公布的校验和不一致，Hearth 已将其删除。请重新下载；如果再次出现，可能是 Hub 上的文件已更改。</translation>
    </message>
    <message>
        <source>{name} has an impossible shard number. Rename it or download it again.</source>
        <translation>{name} 的分片编号不合理。请重命名或重新下载。</translation>
    </message>
    <message>
        <source>{name} is Hearth&apos;s built-in starter model and cannot be removed.</source>
        <translation>{name} 是 Hearth 内置的入门模型，无法删除。</translation>
    </message>
    <message>
        <source>{name} is Hearth&apos;s built-in starter model and cannot be removed; it takes no space in your models folder.</source>
        <translation>{name} 是 Hearth 内置的入门模型，无法删除；它不占用模型文件夹的空间。</translation>
    </message>
    <message>
        <source>{name} is already being downloaded by another Hearth window or command. Let that one finish.</source>
        <translation>{name} 正在由另一个 Hearth 窗口或命令下载。请等那边完成。</translation>
    </message>
    <message>
        <source>{name} is already being made. Wait for it to finish, or choose another output name.</source>
        <translation>{name} 正在生成中。请等它完成，或换一个输出文件名。</translation>
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
        <source>{name} is already quantized ({qtype}); quantizing it again loses quality. Start from an F16 or BF16 file, or allow requantizing.</source>
        <translation>{name} 已经量化过（{qtype}）；再次量化会损失质量。请从 F16 或 BF16 文件开始，或允许重新量化。</translation>
    </message>
    <message>
        <source>{name} is already {qtype}. Choose another type.</source>
        <translation>{name} 已经是 {qtype}。请选择其他类型。</translation>
    </message>
    <message>
        <source>{name} is empty (0 bytes): the download or copy probably failed. Delete it and get it again.</source>
        <translation>{name} 是空文件（0 字节），下载或复制可能失败了。请删除它并重新获取。</translation>
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
        <source>{name} is not a GGUF model file. Hearth runs .gguf files; convert or download the model in GGUF format.</source>
        <translation>{name} 不是 GGUF 模型文件。Hearth 运行 .gguf 文件；请转换或下载 GGUF 格式的模型。</translation>
    </message>
    <message>
        <source>{name} is not a GGUF model file. Hearth runs .gguf files; download the model in GGUF format.</source>
        <translation>{name} 不是 GGUF 模型文件。Hearth 运行 .gguf 文件；请下载 GGUF 格式的模型。</translation>
    </message>
    <message>
        <source>{name} is not a readable GGUF model file: the download may be incomplete or the file damaged. Download it again.</source>
        <translation>{name} 不是可读取的 GGUF 模型文件：可能下载不完整或文件已损坏。请重新下载。</translation>
    </message>
    <message>
        <source>{name} is shorter than its header says: the download was probably interrupted. Download it again.</source>
        <translation>{name} 比文件头记录的要短：下载可能中断了。请重新下载。</translation>
    </message>
    <message>
        <source>{name} loaded, but a context of {n_ctx} tokens could not be created ({reason}). Try a smaller context length.</source>
        <translation>{name} 已加载，但无法创建 {n_ctx} token 的上下文（{reason}）。请尝试更小的上下文长度。</translation>
    </message>
    <message>
        <source>{name} loaded, but its context could not be created with a {kv_type} KV cache ({reason}). Choose the f16 KV cache or a smaller context length.</source>
        <translation>{name} 已加载，但无法用 {kv_type} KV 缓存创建上下文（{reason}）。请选择 f16 KV 缓存或更小的上下文长度。</translation>
    </message>
    <message>
        <source>{name} on the Hub is not the size its file list said. Reload the list and try again.</source>
        <translation>Hub 上 {name} 的大小与文件列表中的不一致。请重新加载列表后重试。</translation>
    </message>
    <message>
        <source>{name} says it has {count} shards but its name says {named}. Download the model again.</source>
        <translation>{name} 内部记录有 {count} 个分片，但文件名表明有 {named} 个。请重新下载模型。</translation>
    </message>
    <message>
        <source>{name} uses GGUF version {version}, which Hearth cannot read. Download a current GGUF version of the model.</source>
        <translation>{name} 使用的是 GGUF 版本 {version}，Hearth 无法读取。请下载该模型当前 GGUF 版本的文件。</translation>
    </message>
    <message>
        <source>{n} words/s</source>
        <translation>{n} 字/秒</translation>
    </message>
    <message>
        <source>{path} is a folder, not a model file. Choose the .gguf file inside it.</source>
        <translation>{path} 是一个文件夹，不是模型文件。请选择其中的 .gguf 文件。</translation>
    </message>
    <message>
        <source>{path} is a folder; choose a .gguf file inside it.</source>
        <translation>{path} 是一个文件夹；请选择其中的一个 .gguf 文件。</translation>
    </message>
    <message>
        <source>{path} is a folder; choose the .gguf file inside it.</source>
        <translation>{path} 是一个文件夹；请选择其中的 .gguf 文件。</translation>
    </message>
    <message>
        <source>{qtype} needs an importance matrix, which Hearth can&apos;t make yet. Choose Q2_K or a larger type.</source>
        <translation>{qtype} 需要重要性矩阵，而 Hearth 目前还无法生成。请选择 Q2_K 或更大的类型。</translation>
    </message>
    <message>
        <source>{repo} has no such version on the Hugging Face Hub; reload its file list.</source>
        <translation>Hugging Face Hub 上的 {repo} 没有这个版本；请重新加载它的文件列表。</translation>
    </message>
    <message>
        <source>{size} is free</source>
        <translation>可用 {size}</translation>
    </message>
    <message>
        <source>~{n} words/s</source>
        <translation>约 {n} 字/秒</translation>
    </message>
    <message>
        <source>“{repo}” is not a Hugging Face model name; names look like “owner/model-GGUF”.</source>
        <translation>“{repo}”不是 Hugging Face 模型名称；名称的格式类似“owner/model-GGUF”。</translation>
    </message>
    <message>
        <source>“{url}” is not a server address; it looks like http://host:8080.</source>
        <translation>“{url}”不是服务器地址；地址的格式类似 http://host:8080。</translation>
    </message>
    <message>
        <source>Remote · {host}</source>
        <translation>远程 · {host}</translation>
    </message>
    <message>
        <source>1 thread ({batch} for prompts)</source>
        <translation>1 个线程（读取提示词用 {batch} 个）</translation>
    </message>
    <message>
        <source>1 thread</source>
        <translation>1 个线程</translation>
    </message>
    <message>
        <source>{n} threads ({batch} for prompts)</source>
        <translation>{n} 个线程（读取提示词用 {batch} 个）</translation>
    </message>
    <message>
        <source>{n} threads</source>
        <translation>{n} 个线程</translation>
    </message>
    <message>
        <source>CPU · {threads}</source>
        <translation>CPU · {threads}</translation>
    </message>
    <message>
        <source>{backend} · {on}/{total} layers on GPU</source>
        <translation>{backend} · {on}/{total} 层在 GPU 上</translation>
    </message>
    <message>
        <source>{label} · {kv} KV cache</source>
        <translation>{label} · {kv} KV 缓存</translation>
    </message>
    <message>
        <source>Hearth found no GPU that reports free memory, so the model runs on the CPU.</source>
        <translation>Hearth 没有找到报告可用显存的 GPU，因此模型在 CPU 上运行。</translation>
    </message>
    <message>
        <source>unified memory&apos;s {size} available</source>
        <translation>统一内存中可用的 {size}</translation>
    </message>
    <message>
        <source>the GPU&apos;s {size} free</source>
        <translation>GPU 空闲的 {size} 显存</translation>
    </message>
    <message>
        <source>the {n} GPUs&apos; {size} free</source>
        <translation>{n} 块 GPU 空闲的 {size} 显存</translation>
    </message>
    <message>
        <source>All {total} layers fit in {place}.</source>
        <translation>全部 {total} 层都放得进{place}。</translation>
    </message>
    <message>
        <source>None of the {total} layers fit in {place}, so the model runs on the CPU (slower).</source>
        <translation>{total} 层中没有一层放得进{place}，因此模型在 CPU 上运行（较慢）。</translation>
    </message>
    <message>
        <source>{layers} of {total} layers fit in {place}; the rest run on the CPU.</source>
        <translation>{total} 层中有 {layers} 层放得进{place}；其余在 CPU 上运行。</translation>
    </message>
    <message>
        <source>The model did not fit on the GPU, so it runs on the CPU (slower).</source>
        <translation>模型放不进 GPU，因此在 CPU 上运行（较慢）。</translation>
    </message>
    <message>
        <source>Only {final} of {total} layers fit on the GPU; the rest run on the CPU (slower).</source>
        <translation>{total} 层中只有 {final} 层放得进 GPU；其余在 CPU 上运行（较慢）。</translation>
    </message>
    <message>
        <source>This model has no chat template; Hearth uses the common ChatML format.</source>
        <translation>这个模型没有对话模板；Hearth 使用通用的 ChatML 格式。</translation>
    </message>
    <message>
        <source>This model&apos;s chat template is unreasonably large; Hearth uses ChatML instead.</source>
        <translation>这个模型的对话模板大得不合理；Hearth 改用 ChatML。</translation>
    </message>
    <message>
        <source>This model&apos;s chat template is broken ({problem}); Hearth uses ChatML instead.</source>
        <translation>这个模型的对话模板有错误（{problem}）；Hearth 改用 ChatML。</translation>
    </message>
    <message>
        <source>This model&apos;s chat template failed ({reason}); Hearth switched to ChatML.</source>
        <translation>这个模型的对话模板运行失败（{reason}）；Hearth 已切换到 ChatML。</translation>
    </message>
    <message>
        <source>This model&apos;s chat template failed ({reason}); Hearth used ChatML.</source>
        <translation>这个模型的对话模板运行失败（{reason}）；Hearth 这次使用了 ChatML。</translation>
    </message>
</context>
<context>
    <name>params</name>
    <message>
        <source>{label} must be a number, not {value}.</source>
        <translation>{label}必须是数字，而不是 {value}。</translation>
    </message>
    <message>
        <source>{label} must be a finite number, not {value}.</source>
        <translation>{label}必须是有限的数字，而不是 {value}。</translation>
    </message>
    <message>
        <source>{label} must be a whole number, not {value}.</source>
        <translation>{label}必须是整数，而不是 {value}。</translation>
    </message>
    <message>
        <source>{label} must be between {lo} and {hi}; {value} is out of range.</source>
        <translation>{label}必须在 {lo} 到 {hi} 之间；{value} 超出了范围。</translation>
    </message>
    <message>
        <source>{label} must be between {lo} and {hi}; a far smaller number is out of range.</source>
        <translation>{label}必须在 {lo} 到 {hi} 之间；给出的数字远小于下限。</translation>
    </message>
    <message>
        <source>{label} must be between {lo} and {hi}; a far larger number is out of range.</source>
        <translation>{label}必须在 {lo} 到 {hi} 之间；给出的数字远大于上限。</translation>
    </message>
    <message>
        <source>Stop strings must be a list of texts.</source>
        <translation>停止词必须是一组文本。</translation>
    </message>
    <message>
        <source>A stop string cannot be empty.</source>
        <translation>停止词不能为空。</translation>
    </message>
    <message>
        <source>The model path must be text, not {value}.</source>
        <translation>模型路径必须是文本，而不是 {value}。</translation>
    </message>
    <message>
        <source>A chat template must be text.</source>
        <translation>对话模板必须是文本。</translation>
    </message>
    <message>
        <source>The KV cache type must be one of {choices}, not {value}.</source>
        <translation>KV 缓存类型必须是 {choices} 之一，而不是 {value}。</translation>
    </message>
    <message>
        <source>Top alternatives must be a whole number from 0 to 20, not {value}.</source>
        <translation>候选词数量必须是 0 到 20 之间的整数，而不是 {value}。</translation>
    </message>
    <message>
        <source>Overflow must be one of {choices}, not {value}.</source>
        <translation>超出上下文时的处理方式必须是 {choices} 之一，而不是 {value}。</translation>
    </message>
    <message>
        <source>Thinking must be one of {choices}, not {value}.</source>
        <translation>思考设置必须是 {choices} 之一，而不是 {value}。</translation>
    </message>
</context>
<context>
    <name>quantize_jobs</name>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
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
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Waiting to start</source>
        <translation>等待开始</translation>
    </message>
    <message>
        <source>tensor {n}/{total}</source>
        <translation>张量 {n}/{total}</translation>
    </message>
</context>
<context>
    <name>server</name>
    <message>
        <source>#{number} completion started</source>
        <translation>#{number} 文本补全请求开始</translation>
    </message>
    <message>
        <source>#{number} chat started</source>
        <translation>#{number} 对话请求开始</translation>
    </message>
    <message>
        <source>#{number} cancelled (the client went away)</source>
        <translation>#{number} 已取消（客户端断开了连接）</translation>
    </message>
    <message>
        <source>#{number} error: {message}</source>
        <translation>#{number} 出错：{message}</translation>
    </message>
    <message>
        <source>stop</source>
        <translation>正常结束</translation>
    </message>
    <message>
        <source>length</source>
        <translation>达到长度上限</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>#{number} {tokens} tokens, {reason}, {seconds} s</source>
        <translation>#{number} {tokens} 个 token，{reason}，用时 {seconds} 秒</translation>
    </message>
</context>
<context>
    <name>template</name>
    <message>
        <source>it takes far too long</source>
        <translation>运行时间过长</translation>
    </message>
    <message>
        <source>it builds an enormous text</source>
        <translation>生成的文本过于庞大</translation>
    </message>
    <message>
        <source>it asks for an enormous size</source>
        <translation>要求的尺寸过大</translation>
    </message>
    <message>
        <source>it loops far too many times</source>
        <translation>循环次数过多</translation>
    </message>
    <message>
        <source>it computes an enormous number</source>
        <translation>计算出的数字过大</translation>
    </message>
    <message>
        <source>it asks for an enormous indent</source>
        <translation>要求的缩进过大</translation>
    </message>
    <message>
        <source>it asks for enormous separators</source>
        <translation>要求的分隔符过长</translation>
    </message>
    <message>
        <source>it uses the namespace attribute {name}; names starting with an underscore are unsafe</source>
        <translation>它使用了 namespace 属性 {name}；以下划线开头的名称不安全</translation>
    </message>
    <message>
        <source>it produced far more text than the conversation holds</source>
        <translation>生成的文本远多于对话本身的内容</translation>
    </message>
    <message>
        <source>it tried to load the file “{name}”, which templates may not do</source>
        <translation>它试图加载文件“{name}”，模板不允许这样做</translation>
    </message>
    <message>
        <source>it nests far too deeply</source>
        <translation>嵌套层级过深</translation>
    </message>
    <message>
        <source>it needs far too much memory</source>
        <translation>需要的内存过多</translation>
    </message>
</context>
<context>
    <name>token_view</name>
    <message>
        <source>25–50 %</source>
        <translation>25%–50%</translation>
    </message>
    <message>
        <source>50–90 %</source>
        <translation>50%–90%</translation>
    </message>
    <message>
        <source>5–25 %</source>
        <translation>5%–25%</translation>
    </message>
    <message>
        <source>90 % or more</source>
        <translation>90% 及以上</translation>
    </message>
    <message>
        <source>&lt; {value} %</source>
        <translation>&lt; {value}%</translation>
    </message>
    <message>
        <source>Click to branch from here.</source>
        <translation>点击即可从这里开始新分支。</translation>
    </message>
    <message>
        <source>The model&apos;s probability of each token: {steps}. Hover a token for the alternatives; click it to branch.</source>
        <translation>模型给每个 token 的概率：{steps}。把鼠标停在 token 上可查看候选，点击即可开始新分支。</translation>
    </message>
    <message>
        <source>under 5 %</source>
        <translation>低于 5%</translation>
    </message>
    <message>
        <source>{alternative}   ✓ chosen</source>
        <translation>{alternative}   ✓ 已选</translation>
    </message>
    <message>
        <source>{token}: {percent}, the model&apos;s choice #{rank}</source>
        <translation>{token}：{percent}，模型候选中的第 {rank} 位</translation>
    </message>
    <message>
        <source>{value} %</source>
        <translation>{value}%</translation>
    </message>
</context>
<context>
    <name>write_faults</name>
    <message>
        <source>Hearth cannot open its history: the disk reported an error reading {path}. Check that the disk is connected, then start Hearth again.</source>
        <translation>Hearth 无法打开对话记录：读取 {path} 时磁盘报告了错误。请检查磁盘是否已连接，然后重新启动 Hearth。</translation>
    </message>
    <message>
        <source>Hearth cannot open its history: the disk that holds {folder} is full. Free some space on it, then start Hearth again.</source>
        <translation>Hearth 无法打开对话记录：{folder} 所在的磁盘已满。请腾出一些空间，然后重新启动 Hearth。</translation>
    </message>
    <message>
        <source>Hearth cannot open its history: {path} or its folder is read-only, and Hearth needs to write there first. Allow writing to them, then start Hearth again.</source>
        <translation>Hearth 无法打开对话记录：{path} 或它所在的文件夹是只读的，而 Hearth 需要先在那里写入。请允许写入它们，然后重新启动 Hearth。</translation>
    </message>
    <message>
        <source>Hearth cannot save changes to your chats: its history file {path} is read-only. Allow writing to the file and its folder; your chats can still be read, and nothing you wrote is lost.</source>
        <translation>Hearth 无法保存对话的改动：对话记录文件 {path} 是只读的。请允许写入这个文件和它所在的文件夹；你的对话仍然可以查看，写过的内容也都没有丢失。</translation>
    </message>
    <message>
        <source>Hearth could not save your chats: the disk reported an error writing {path}. Check that the disk is connected, then try again; nothing you wrote is lost.</source>
        <translation>Hearth 无法保存你的对话：写入 {path} 时磁盘报告了错误。请检查磁盘是否已连接，然后重试；你写的内容都没有丢失。</translation>
    </message>
    <message>
        <source>Hearth could not save your chats: the disk that holds {folder} is full. Free some space on it; nothing you wrote is lost.</source>
        <translation>Hearth 无法保存你的对话：{folder} 所在的磁盘已满。请腾出一些空间；你写的内容都没有丢失。</translation>
    </message>
    <message>
        <source>Hearth&apos;s history is being used by another program, so it could not be opened. Close the other program (another Hearth, or a tool that opened {name}), then start Hearth again.</source>
        <translation>Hearth 的对话记录正被另一个程序占用，所以无法打开。请关闭那个程序（另一个 Hearth，或打开了 {name} 的工具），然后重新启动 Hearth。</translation>
    </message>
    <message>
        <source>Hearth&apos;s history is being used by another program, so your chats could not be saved. Close the other program (another Hearth, or a tool that opened {name}) and try again; nothing you wrote is lost.</source>
        <translation>Hearth 的对话记录正被另一个程序占用，所以无法保存你的对话。请关闭那个程序（另一个 Hearth，或打开了 {name} 的工具）后重试；你写的内容都没有丢失。</translation>
    </message>
</context>
</TS>
